/**
 * Commands in a sandbox: the request, its result, the handle of a running one, listeners of its
 * output, the events and audit entries it leaves, detached commands, and the rules of environment
 * variables. Depends on {@code errors} only.
 *
 * <pre>{@code
 * ExecResult r = sandbox.exec(ExecRequest.of("npm", "test").withTimeout(Duration.ofMinutes(5)));
 * }</pre>
 */
package dev.sandboxes.exec;
