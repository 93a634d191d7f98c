/**
 * Git in sandboxes: the identity commits carry, and the worktree a sandbox opened on a branch
 * works on, with what it changed there. Depends on {@code errors} only.
 *
 * <pre>{@code
 * WorkspaceChanges changes = sandbox.changes();
 * }</pre>
 */
package dev.sandboxes.git;
