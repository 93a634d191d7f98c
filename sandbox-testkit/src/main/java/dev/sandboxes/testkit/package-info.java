/**
 * Testing support for code that uses sandboxes: {@link dev.sandboxes.testkit.InMemoryRuntime}, a
 * runtime without an engine whose commands follow a script, and
 * {@link dev.sandboxes.testkit.SandboxRuntimeContract}, the behaviours every runtime must show.
 */
package dev.sandboxes.testkit;
