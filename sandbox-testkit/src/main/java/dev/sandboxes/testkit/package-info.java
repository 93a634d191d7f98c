/**
 * Testing support for code that uses sandboxes: {@link dev.sandboxes.testkit.InMemoryRuntime}, a
 * runtime without an engine whose commands follow a script,
 * {@link dev.sandboxes.testkit.SandboxRuntimeContract}, the behaviours every runtime must show, and
 * {@link dev.sandboxes.testkit.SandboxReaper}, which removes a killed test JVM's sandboxes.
 *
 * <p>The contract suite and the JUnit 5 extension ({@link dev.sandboxes.testkit.junit5}) run on the
 * test's own JUnit, 5.4 or later: the testkit declares JUnit {@code provided} and brings none.
 */
package dev.sandboxes.testkit;
