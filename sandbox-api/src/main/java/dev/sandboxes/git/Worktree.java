package dev.sandboxes.git;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The git worktree a sandbox works on, when it was opened with {@link dev.sandboxes.SandboxBuilder#branch}: a
 * checkout of its own branch, beside the repository, so that several agents work on one repository
 * at once and the main checkout stays as it is.
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandboxes.forWorkspace(repo).branch("fix-login").open()) {
 *     Worktree worktree = sandbox.worktree().orElseThrow();
 *     System.out.println(worktree.branch() + " at " + worktree.path() + " from " + worktree.baseCommit());
 * }
 * }</pre>
 *
 * @param repository the repository's main checkout, as given to {@code forWorkspace}
 * @param branch     the branch the worktree has checked out
 * @param baseCommit the commit the branch started from: changes are shown against it
 * @param path       the worktree's folder, which is the sandbox's workspace
 */
public record Worktree(Path repository, String branch, String baseCommit, Path path) {

    public Worktree {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(baseCommit, "baseCommit");
        Objects.requireNonNull(path, "path");
    }
}
