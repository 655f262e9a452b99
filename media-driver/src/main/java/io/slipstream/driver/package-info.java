/**
 * The Slipstream media driver: a process embedding Aeron's media driver that carries messages between rings and
 * Aeron UDP streams through bridge agents, with per-bridge counters in Aeron's counters file and a stat command.
 */
package io.slipstream.driver;
