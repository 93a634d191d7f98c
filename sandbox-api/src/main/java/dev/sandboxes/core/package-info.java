/**
 * What a sandbox is, as both the API and runtimes describe it: its summary and info, status,
 * limits, extra mounts, labels, the entries of its folders, its lifecycle events and their
 * listener, and which sandboxes a prune removes. Depends on the other value packages only.
 *
 * <pre>{@code
 * SandboxInfo info = sandbox.info();
 * System.out.println(info.summary().status() + " " + info.limits());
 * }</pre>
 */
package dev.sandboxes.core;
