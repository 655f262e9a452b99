/**
 * Command-line tools over Slipstream's shared files. {@link io.slipstream.tools.StatCommand} ({@code scripts/stat})
 * shows a ring's health without joining it.
 */
package io.slipstream.tools;
