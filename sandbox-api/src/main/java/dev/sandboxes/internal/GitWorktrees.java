package dev.sandboxes.internal;

import dev.sandboxes.core.Mount;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.errors.InvalidWorkspaceException;
import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.git.WorkspaceChanges;
import dev.sandboxes.git.Worktree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A git worktree per sandbox, made and read with the host's own git (as {@link HostGit} runs it:
 * nothing the repository holds can run). The worktree of branch {@code b} of repository
 * {@code /src/app} is {@code /src/app.worktrees/b}: beside the repository, never inside its tree.
 */
public final class GitWorktrees {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** What git refuses in a branch name ({@code git check-ref-format}), said before git is asked. */
    private static final Pattern BAD_BRANCH = Pattern.compile(
            "^[-/.]|[/.]$|\\.\\.|//|@\\{|\\.lock$|/\\.|\\.lock/|[\\x00-\\x20\\x7f~^:?*\\[\\\\]");

    private GitWorktrees() {
    }

    /** Refuses a name git would refuse for a branch, saying why. */
    public static String checkBranch(String branch) {
        if (branch.isBlank() || branch.equals("@") || BAD_BRANCH.matcher(branch).find()) {
            throw new InvalidSandboxConfigException("'" + branch + "' is not a valid git branch name: no spaces,"
                    + " no ~ ^ : ? * [ \\ or '..', not starting with - / or . and not ending with / . or .lock.");
        }
        return branch;
    }

    /** Where the worktree of a branch goes: {@code <repository>.worktrees/<branch>}, beside the repository. */
    public static Path location(Path repositoryTop, String branch) {
        return repositoryTop.resolveSibling(repositoryTop.getFileName() + ".worktrees").resolve(branch);
    }

    /**
     * The worktree of {@code branch}: the one there already, or a new one, on the existing branch of
     * that name or on a new branch from the repository's current commit. Two opens making the same
     * worktree at once both end with it.
     *
     * @return the worktree, whether this call made it, and whether it made the branch too
     * @throws InvalidWorkspaceException when the folder is no git repository, or git refuses
     */
    public static Made ensure(Path repository, String branch) {
        HostGit git = git(repository, Map.of());
        Path top = Path.of(run(git, repository, "find the repository of", "rev-parse", "--show-toplevel").strip());
        Path commonDir = commonDir(top);
        Path location = location(top, branch);
        boolean made = false;
        boolean branchMade = false;
        if (Files.exists(location)) {
            checkIsWorktreeOf(location, commonDir, branch);
        } else {
            boolean branchExists = git.run(List.of("show-ref", "--verify", "--quiet", "refs/heads/" + branch))
                    .map(HostGit.Result::succeeded).orElse(false);
            if (!branchExists && git.run(List.of("rev-parse", "--verify", "--quiet", "HEAD"))
                    .map(r -> !r.succeeded()).orElse(true)) {
                throw new InvalidWorkspaceException(repository, "The repository " + top + " has no commit yet, so a branch"
                        + " cannot start from one: commit once, then open with branch(\"" + branch + "\").");
            }
            try {
                if (branchExists) {
                    run(git, repository, "make a worktree for branch " + branch + " of", "worktree", "add",
                            location.toString(), branch);
                } else {
                    run(git, repository, "make a worktree and branch " + branch + " of", "worktree", "add", "-b", branch,
                            location.toString(), "HEAD");
                }
                made = true;
                branchMade = !branchExists;
            } catch (InvalidWorkspaceException lost) {
                // Another open made it at the same moment: theirs is as good as ours.
                if (!Files.exists(location)) {
                    throw lost;
                }
                checkIsWorktreeOf(location, commonDir, branch);
            }
        }
        String base = run(git, repository, "find where branch " + branch + " started in", "merge-base", branch, "HEAD").strip();
        return new Made(new Worktree(top, branch, base, realPath(location)), gitMounts(commonDir, location), made, branchMade);
    }

    /**
     * A worktree, what its sandbox mounts of the repository, whether the call made it, and whether
     * it made its branch (so that a failing open can take both away again).
     */
    public record Made(Worktree worktree, List<Mount> gitMounts, boolean made, boolean branchMade) {

        /** Takes away what the call made; the error that made it necessary stays the one thrown. */
        public void undo(RuntimeException cause) {
            try {
                if (made) {
                    remove(worktree, true);
                }
                if (branchMade) {
                    run(git(worktree.repository(), Map.of()), worktree.repository(), "delete branch " + worktree.branch()
                            + " of", "branch", "-D", worktree.branch());
                }
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /**
     * What the sandbox of a worktree mounts of the repository, each at its own path: the git folder
     * read-only (so its config and hooks, which host git reads and runs, stay out of the agent's
     * reach), and writable only what a commit writes: objects, refs, logs, and the worktree's own
     * folder. Nothing else of the repository.
     */
    private static List<Mount> gitMounts(Path commonDir, Path location) {
        Path worktreeDir = adminDir(commonDir, location);
        List<Mount> mounts = new ArrayList<>(List.of(new Mount(commonDir, commonDir.toString(), true)));
        for (Path writable : List.of(commonDir.resolve("objects"), commonDir.resolve("refs"), commonDir.resolve("logs"),
                worktreeDir)) {
            try {
                Files.createDirectories(writable);  // logs is missing until the first reflog entry
            } catch (IOException e) {
                throw new InvalidWorkspaceException(location, "Could not make " + writable + ": " + e.getMessage());
            }
            mounts.add(new Mount(writable, writable.toString(), false));
        }
        return mounts;
    }

    /** The files and the diff of the worktree against its base commit; new files included. */
    public static WorkspaceChanges changes(Worktree worktree) {
        HostGit git = inWorktree(worktree);
        Path path = worktree.path();
        String base = worktree.baseCommit();
        List<WorkspaceChanges.ChangedFile> files = new ArrayList<>();
        String[] fields = run(git, path, "list the changes of", "diff", "--no-ext-diff", "--no-textconv", "-M",
                "--name-status", "-z", base, "--").split("\0");
        for (int i = 0; i + 1 < fields.length; i += 2) {
            char status = fields[i].charAt(0);
            if (status == 'R' || status == 'C') {
                i++;  // renames name the old path, then the new one
            }
            files.add(new WorkspaceChanges.ChangedFile(fields[i + 1], change(status)));
        }
        StringBuilder diff = new StringBuilder(run(git, path, "diff", "diff", "--no-ext-diff", "--no-textconv", "-M", base, "--"));
        for (String untracked : run(git, path, "list the new files of", "ls-files", "--others", "--exclude-standard", "-z")
                .split("\0")) {
            if (untracked.isEmpty()) {
                continue;
            }
            files.add(new WorkspaceChanges.ChangedFile(untracked, WorkspaceChanges.Change.ADDED));
            // --no-index exits 1 when the files differ, as a new file always does.
            git.run(List.of("diff", "--no-ext-diff", "--no-textconv", "--no-index", "--", "/dev/null", untracked))
                    .ifPresent(result -> diff.append(result.stdout()));
        }
        files.sort(java.util.Comparator.comparing(WorkspaceChanges.ChangedFile::path));
        return new WorkspaceChanges(base, files, diff.toString());
    }

    /** Removes the worktree folder (the branch stays); refuses uncommitted work unless told to discard it. */
    public static void remove(Worktree worktree, boolean discardChanges) {
        if (!Files.exists(worktree.path())) {
            return;
        }
        if (!discardChanges) {
            requireNoUncommittedWork(worktree);
        }
        // --force always: git's own check would run status in the worktree the way the agent points
        // it (its commondir file), which is what inWorktree avoids. The check above is that one's.
        HostGit git = git(worktree.repository(), Map.of());
        boolean removed = git.run(List.of("worktree", "remove", "--force", worktree.path().toString()))
                .map(HostGit.Result::succeeded).orElse(false);
        if (!removed) {
            // git refuses a worktree whose .git file was rewritten: delete it here, then let git forget it.
            deleteTree(worktree.path());
            run(git, worktree.repository(), "forget the removed worktree " + worktree.path() + " of", "worktree", "prune");
        }
    }

    /** Deletes a folder and all in it, following no link out of it. */
    private static void deleteTree(Path folder) {
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new SandboxException("Could not delete the worktree " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Refuses a worktree that holds changes or new files not committed. */
    public static void requireNoUncommittedWork(Worktree worktree) {
        if (Files.exists(worktree.path())
                && !run(inWorktree(worktree), worktree.path(), "read the status of", "status", "--porcelain").isBlank()) {
            throw new SandboxStateException("The worktree " + worktree.path() + " holds work not committed on branch "
                    + worktree.branch() + ": commit it, or remove with WorktreeAction.REMOVE_DISCARDING_CHANGES"
                    + " (sandbox rm --worktree --discard-changes).");
        }
    }

    /**
     * git for a worktree the agent has written to, told where everything is rather than finding it:
     * the worktree's {@code .git} file and its {@code commondir} file are the agent's to rewrite, and
     * following them would read a config (and its filters) of the agent's making. The repository's
     * own git folder, which the agent sees read-only, is found from the main checkout.
     */
    private static HostGit inWorktree(Worktree worktree) {
        Path commonDir = commonDir(worktree.repository());
        return git(worktree.path(), Map.of("GIT_DIR", adminDir(commonDir, worktree.path()).toString(),
                "GIT_COMMON_DIR", commonDir.toString(), "GIT_WORK_TREE", worktree.path().toString()));
    }

    /**
     * The worktree's own folder in the repository's git folder: the one whose {@code gitdir} file
     * names this worktree. Read as files: no git runs on what the agent may have changed.
     */
    private static Path adminDir(Path commonDir, Path location) {
        Path expected = location.resolve(".git").toAbsolutePath().normalize();
        try (var entries = Files.list(commonDir.resolve("worktrees"))) {
            return entries.filter(dir -> {
                try {
                    return Path.of(Files.readString(dir.resolve("gitdir")).strip()).toAbsolutePath().normalize().equals(expected);
                } catch (IOException | RuntimeException e) {
                    return false;
                }
            }).findFirst().orElseThrow(() -> new InvalidWorkspaceException(location, "The folder " + location
                    + " is no worktree of the repository whose git folder is " + commonDir + "."));
        } catch (IOException e) {
            throw new InvalidWorkspaceException(location, "The repository's git folder " + commonDir + " has no worktrees: "
                    + e.getMessage());
        }
    }

    /** The branch a worktree has checked out, from its HEAD file: the same as git reads it. */
    private static void checkIsWorktreeOf(Path location, Path commonDir, String branch) {
        String head;
        try {
            head = Files.readString(adminDir(commonDir, location).resolve("HEAD")).strip();
        } catch (IOException | InvalidWorkspaceException e) {
            head = "";
        }
        if (!head.equals("ref: refs/heads/" + branch)) {
            throw new InvalidWorkspaceException(location, "The folder " + location + " is in the way: it is not the worktree"
                    + " of branch " + branch + " of this repository. Move it away, or choose another branch name.");
        }
    }

    /** The git folder of the repository whose main checkout this is. */
    private static Path commonDir(Path mainCheckout) {
        return Path.of(run(git(mainCheckout, Map.of()), mainCheckout, "find the git folder of", "rev-parse",
                "--path-format=absolute", "--git-common-dir").strip());
    }

    private static HostGit git(Path folder, Map<String, String> environment) {
        return new HostGit(folder, environment, TIMEOUT);
    }

    /** Runs git; its output, or a clear error. */
    private static String run(HostGit git, Path folder, String action, String... args) {
        HostGit.Result result = git.run(List.of(args)).orElseThrow(() -> new SandboxException("Could not " + action + " "
                + folder + ": git is missing from the PATH, or did not answer within " + TIMEOUT.toMinutes() + " minutes."));
        if (!result.succeeded()) {
            String why = result.stderr().strip();
            if (why.contains("not a git repository")) {
                throw new InvalidWorkspaceException(folder, "The folder " + folder + " is not in a git repository, so"
                        + " branch(...) cannot make a worktree of it: give the repository's folder.");
            }
            throw new InvalidWorkspaceException(folder, "git could not " + action + " " + folder + ": " + why);
        }
        return result.stdout();
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    private static WorkspaceChanges.Change change(char status) {
        return switch (status) {
            case 'A', 'C' -> WorkspaceChanges.Change.ADDED;
            case 'D' -> WorkspaceChanges.Change.DELETED;
            case 'R' -> WorkspaceChanges.Change.RENAMED;
            case 'T' -> WorkspaceChanges.Change.TYPE_CHANGED;
            default -> WorkspaceChanges.Change.MODIFIED;
        };
    }
}
