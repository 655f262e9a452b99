package io.slipstream.perf.core;

/**
 * Which end of a ping-pong an endpoint serves; each side sends on its own ring, stream or cache line.
 */
public enum Side
{
    PING,
    PONG
}
