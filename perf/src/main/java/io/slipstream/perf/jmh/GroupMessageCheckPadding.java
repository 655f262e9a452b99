package io.slipstream.perf.jmh;

/**
 * The 128 bytes before {@link GroupMessageCheck}'s fields: the JVM lays out a superclass's fields before a
 * subclass's, so nothing allocated just before the check shares their cache line pair.
 */
abstract class GroupMessageCheckPadding
{
    long p00;
    long p01;
    long p02;
    long p03;
    long p04;
    long p05;
    long p06;
    long p07;
    long p08;
    long p09;
    long p10;
    long p11;
    long p12;
    long p13;
    long p14;
    long p15;
}
