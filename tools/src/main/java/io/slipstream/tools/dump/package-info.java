/**
 * The dump tool ({@code scripts/dump}): prints the SBE messages of a ring or a capture through SBE's on-the-fly
 * decoder and the schema's IR, as text or JSON lines.
 */
package io.slipstream.tools.dump;
