/**
 * The entry point and the handles: {@link dev.sandboxes.Sandboxes} opens the one sandbox of a
 * folder ({@link dev.sandboxes.SandboxBuilder}, {@link dev.sandboxes.Sandbox}), and
 * {@link dev.sandboxes.SandboxManager} and {@link dev.sandboxes.TemplateManager} work on sandboxes
 * and templates without a handle.
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandboxes.forWorkspace(Path.of(".")).agent("claude").open()) {
 *     ExecResult r = sandbox.exec("npm", "test");
 * }
 * }</pre>
 *
 * <h2>Layers</h2>
 * Dependencies run one way, and a test fails when one runs back:
 * <ol>
 *   <li>this package (the API: policy, defaults, naming, conflicts) and {@code dev.sandboxes.internal}
 *       (its implementation, never imported by runtimes or users);</li>
 *   <li>{@link dev.sandboxes.spi}: what runtimes implement, interfaces and plain values, no policy;</li>
 *   <li>the value types both use, by what they describe: {@link dev.sandboxes.core} (a sandbox's
 *       info, status, limits, events), {@link dev.sandboxes.agents}, {@link dev.sandboxes.exec},
 *       {@link dev.sandboxes.templates}, {@link dev.sandboxes.network}, {@link dev.sandboxes.git}, and
 *       at the bottom {@link dev.sandboxes.errors}, the exceptions;</li>
 *   <li>nothing of ours.</li>
 * </ol>
 * Value packages never import this package, the SPI or {@code internal}.
 */
package dev.sandboxes;
