package dev.sandboxes.git;

/**
 * What removing a sandbox does with its git worktree (a sandbox opened with
 * {@link dev.sandboxes.SandboxBuilder#branch}). The branch and its commits always stay in the repository.
 *
 * <pre>{@code
 * sandbox.remove(WorktreeAction.REMOVE);   // refuses while the worktree has uncommitted work
 * }</pre>
 */
public enum WorktreeAction {
    /** Keep the worktree folder, for a person to look at or a later sandbox to reopen. */
    KEEP,
    /** Remove the worktree folder; refused while it holds work not committed. */
    REMOVE,
    /** Remove the worktree folder, uncommitted work and all. */
    REMOVE_DISCARDING_CHANGES
}
