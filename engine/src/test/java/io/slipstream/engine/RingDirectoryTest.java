package io.slipstream.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.nio.file.Path;

/**
 * A test with a fresh ring directory under /dev/shm: made before each test method, deleted with everything in it
 * after (by test-support's ring-directory code, through {@link TestRings}).
 */
public abstract class RingDirectoryTest
{
    /** This test method's ring directory. */
    protected Path directory;

    @BeforeEach
    protected final void createRingDirectory()
    {
        directory = TestRings.newDirectory();
    }

    @AfterEach
    protected final void deleteRingDirectory()
    {
        TestRings.delete(directory);
    }
}
