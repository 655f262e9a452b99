/**
 * Test fixtures shared by the modules' tests: {@link io.slipstream.test.ChildJvm} starts a test main class in a
 * child JVM with the flags the build passes to every test JVM, and {@link io.slipstream.test.RingDirectoryExtension}
 * gives each test an empty ring directory that is deleted after it.
 */
package io.slipstream.test;
