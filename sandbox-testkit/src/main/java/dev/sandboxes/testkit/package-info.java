/**
 * Testing support for code that uses sandboxes: {@link dev.sandboxes.testkit.InMemoryRuntime}, a
 * runtime without an engine whose commands follow a script,
 * {@link dev.sandboxes.testkit.SandboxRuntimeContract}, the behaviours every runtime must show, and
 * {@link dev.sandboxes.testkit.SandboxReaper}, which removes a killed test JVM's sandboxes.
 */
package dev.sandboxes.testkit;
