/**
 * The library's exceptions: {@link dev.sandboxes.errors.SandboxException}, the one unchecked
 * exception every failure is (or extends), and its kinds. The bottom of the layers: depends on
 * nothing of ours.
 *
 * <pre>{@code
 * try {
 *     sandbox.exec("true");
 * } catch (SandboxStateException stopped) {
 *     System.err.println(stopped.getMessage());
 * }
 * }</pre>
 */
package dev.sandboxes.errors;
