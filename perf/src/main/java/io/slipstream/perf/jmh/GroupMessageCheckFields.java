package io.slipstream.perf.jmh;

import io.slipstream.perf.core.Verification;

/**
 * {@link GroupMessageCheck}'s fields, between its padding classes.
 */
abstract class GroupMessageCheckFields extends GroupMessageCheckPadding
{
    final Verification verification;
    long seq;
    long encodedSeq = -1;

    GroupMessageCheckFields(final Verification verification)
    {
        this.verification = verification;
    }
}
