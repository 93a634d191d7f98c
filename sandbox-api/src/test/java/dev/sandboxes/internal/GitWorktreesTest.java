package dev.sandboxes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.core.Mount;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.errors.InvalidWorkspaceException;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.git.WorkspaceChanges.Change;
import dev.sandboxes.git.WorkspaceChanges;
import dev.sandboxes.git.Worktree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Worktrees made, read and removed with the host's git, on real repositories. */
class GitWorktreesTest {

    @TempDir
    Path folder;

    private Path repo;
    private String firstCommit;

    @BeforeEach
    void aRepositoryWithTwoFiles() throws Exception {
        repo = Files.createDirectories(folder.resolve("app"));
        git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("README.md"), "hello\n");
        Files.writeString(repo.resolve("old.txt"), "to be deleted\n");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "first");
        firstCommit = git(repo, "rev-parse", "HEAD").strip();
    }

    @Test
    void aNewBranchGetsAWorktreeBesideTheRepositoryFromItsCurrentCommit() throws Exception {
        GitWorktrees.Made made = GitWorktrees.ensure(repo, "fix/login");
        Worktree worktree = made.worktree();
        assertTrue(made.made());
        assertEquals(folder.toRealPath().resolve("app.worktrees/fix/login"), worktree.path());
        assertEquals("fix/login", worktree.branch());
        assertEquals(firstCommit, worktree.baseCommit());
        assertEquals(repo.toRealPath(), worktree.repository());
        assertEquals("fix/login", git(worktree.path(), "symbolic-ref", "--short", "HEAD").strip());
        // The main checkout is as it was.
        assertEquals("main", git(repo, "symbolic-ref", "--short", "HEAD").strip());
        assertEquals("", git(repo, "status", "--porcelain"));

        GitWorktrees.Made again = GitWorktrees.ensure(repo, "fix/login");
        assertFalse(again.made());
        assertEquals(worktree, again.worktree());
    }

    @Test
    void anExistingBranchIsCheckedOutAndItsBaseIsWhereItLeftTheRepositorysCommit() throws Exception {
        git(repo, "branch", "feature");
        commitFile(repo, "later.txt", "main moved on\n");
        GitWorktrees.Made made = GitWorktrees.ensure(repo, "feature");
        assertEquals(firstCommit, made.worktree().baseCommit());
        assertFalse(Files.exists(made.worktree().path().resolve("later.txt")));
    }

    @Test
    void whatIsNotARepositoryOrHasNoCommitOrIsInTheWayIsRefusedClearly() throws Exception {
        Path plain = Files.createDirectories(folder.resolve("plain"));
        assertTrue(assertThrows(InvalidWorkspaceException.class, () -> GitWorktrees.ensure(plain, "b"))
                .getMessage().contains("is not in a git repository"));
        Path empty = Files.createDirectories(folder.resolve("empty"));
        git(empty, "init", "-q");
        assertTrue(assertThrows(InvalidWorkspaceException.class, () -> GitWorktrees.ensure(empty, "b"))
                .getMessage().contains("has no commit yet"));
        Files.createDirectories(folder.resolve("app.worktrees/taken"));
        assertTrue(assertThrows(InvalidWorkspaceException.class, () -> GitWorktrees.ensure(repo, "taken"))
                .getMessage().contains("is in the way"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "-x", "a..b", "a/", "/a", "x.lock", "a:b", "a~1", "a^", "a*", "a?", "a[b", "@", "a@{b"})
    void namesGitRefusesAreRefusedBeforeGitIsAsked(String branch) {
        assertThrows(InvalidSandboxConfigException.class, () -> GitWorktrees.checkBranch(branch));
    }

    @Test
    void changesListEveryFileAgainstTheBaseCommittedOrNotNewFilesIncluded() throws Exception {
        Worktree worktree = GitWorktrees.ensure(repo, "work").worktree();
        Path tree = worktree.path();
        Files.writeString(tree.resolve("README.md"), "hello\nchanged on the branch\n");
        commitFile(tree, "committed.txt", "committed on the branch\n");
        Files.delete(tree.resolve("old.txt"));
        Files.writeString(tree.resolve("new.txt"), "not committed, not added\n");

        WorkspaceChanges changes = GitWorktrees.changes(worktree);
        assertEquals(firstCommit, changes.baseCommit());
        assertEquals(Map.of("README.md", Change.MODIFIED, "committed.txt", Change.ADDED, "old.txt", Change.DELETED,
                "new.txt", Change.ADDED), changes.files().stream().collect(Collectors.toMap(
                        WorkspaceChanges.ChangedFile::path, WorkspaceChanges.ChangedFile::change)));
        assertTrue(changes.diff().contains("+changed on the branch"), changes.diff());
        assertTrue(changes.diff().contains("+committed on the branch"), changes.diff());
        assertTrue(changes.diff().contains("-to be deleted"), changes.diff());
        assertTrue(changes.diff().contains("+not committed, not added"), changes.diff());
        // The main checkout saw none of it.
        assertEquals("hello\n", Files.readString(repo.resolve("README.md")));
    }

    @Test
    void nothingTheRepositoryHoldsRunsOnTheHost() throws Exception {
        Path marker = folder.resolve("ran");
        Path script = folder.resolve("evil.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$0 $*\" >> " + marker + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path hooks = Files.createDirectories(folder.resolve("hooks"));
        for (String hook : List.of("post-checkout", "reference-transaction", "post-index-change")) {
            Files.copy(script, hooks.resolve(hook));
        }
        git(repo, "config", "core.hooksPath", hooks.toString());
        git(repo, "config", "core.fsmonitor", script.toString());
        git(repo, "config", "diff.external", script.toString());
        git(repo, "config", "diff.evil.textconv", script.toString());
        Files.writeString(repo.resolve(".gitattributes"), "*.txt diff=evil\n");
        commitFileWithoutHooks(repo, ".gitattributes");
        Files.deleteIfExists(marker);

        Worktree worktree = GitWorktrees.ensure(repo, "guarded").worktree();
        Files.writeString(worktree.path().resolve("old.txt"), "changed\n");
        WorkspaceChanges changes = GitWorktrees.changes(worktree);
        GitWorktrees.remove(worktree, true);
        assertTrue(changes.diff().contains("+changed"), changes.diff());
        assertFalse(Files.exists(marker), () -> "ran: " + read(marker));
    }

    @Test
    void pointersTheAgentRewroteLeadHostGitNowhere() throws Exception {
        // An agent may rewrite the worktree's .git file and its commondir file, both in its reach,
        // to make host git read a config of its own with a filter that runs a program.
        Path marker = folder.resolve("pwned");
        Path evil = Files.createDirectories(folder.resolve("evil"));
        git(evil, "init", "-q");
        commitFile(evil, "README.md", "hello\n");  // tracked there, so that status would run the filter on it
        git(evil, "config", "filter.x.clean", "touch " + marker);
        git(evil, "config", "filter.x.required", "true");
        Worktree worktree = GitWorktrees.ensure(repo, "tampered").worktree();
        Files.writeString(worktree.path().resolve(".gitattributes"), "* filter=x\n");
        Files.writeString(worktree.path().resolve("README.md"), "changed\n");
        Path admin = repo.resolve(".git/worktrees/tampered");
        Files.writeString(admin.resolve("commondir"), evil.resolve(".git").toString() + "\n");
        Files.writeString(worktree.path().resolve(".git"), "gitdir: " + evil.resolve(".git") + "\n");

        WorkspaceChanges changes = GitWorktrees.changes(worktree);
        assertThrows(SandboxStateException.class, () -> GitWorktrees.requireNoUncommittedWork(worktree));
        GitWorktrees.remove(worktree, true);
        assertTrue(changes.diff().contains("+changed"), changes.diff());
        assertFalse(Files.exists(marker), "host git ran the agent's filter");
        assertFalse(Files.exists(worktree.path()));
    }

    @Test
    void removingAWorktreeRefusesUncommittedWorkUnlessDiscardedAndKeepsTheBranch() throws Exception {
        Worktree worktree = GitWorktrees.ensure(repo, "done").worktree();
        Files.writeString(worktree.path().resolve("draft.txt"), "not committed\n");
        SandboxStateException refused = assertThrows(SandboxStateException.class, () -> GitWorktrees.remove(worktree, false));
        assertTrue(refused.getMessage().contains("not committed"), refused.getMessage());
        assertTrue(Files.exists(worktree.path().resolve("draft.txt")));

        GitWorktrees.remove(worktree, true);
        assertFalse(Files.exists(worktree.path()));
        assertEquals(firstCommit, git(repo, "rev-parse", "done").strip());
    }

    @Test
    void theSandboxMountsTheGitFolderReadOnlyAndOnlyWhatACommitWritesWritable() throws Exception {
        Path git = repo.toRealPath().resolve(".git");
        List<Mount> mounts = GitWorktrees.ensure(repo, "mounted").gitMounts();
        assertEquals(List.of(new Mount(git, git.toString(), true),
                new Mount(git.resolve("objects"), git.resolve("objects").toString(), false),
                new Mount(git.resolve("refs"), git.resolve("refs").toString(), false),
                new Mount(git.resolve("logs"), git.resolve("logs").toString(), false),
                new Mount(git.resolve("worktrees/mounted"), git.resolve("worktrees/mounted").toString(), false)), mounts);
    }

    private void commitFile(Path tree, String name, String content) throws Exception {
        Files.writeString(tree.resolve(name), content);
        git(tree, "add", name);
        git(tree, "commit", "-q", "-m", "add " + name);
    }

    private void commitFileWithoutHooks(Path tree, String name) throws Exception {
        git(tree, "-c", "core.hooksPath=/dev/null", "add", name);
        git(tree, "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "commit", "-q", "-m", "add " + name);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "?";
        }
    }

    /** The test's own git, as a user would run it. */
    private static String git(Path where, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=t@example.com",
                "-c", "core.fsmonitor=false", "-C", where.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
        return output;
    }
}
