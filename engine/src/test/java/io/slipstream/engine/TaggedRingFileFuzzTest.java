package io.slipstream.engine;

/**
 * {@link RingFileFuzzTest} over a ring of tagged lines: the same mutations of header and record fields (a record's
 * length or type, not its tag), the same parties, the same outcomes required, and its control catching a reader
 * that trusts record lengths.
 */
class TaggedRingFileFuzzTest extends RingFileFuzzTest
{
    @Override
    boolean tagged()
    {
        return true;
    }
}
