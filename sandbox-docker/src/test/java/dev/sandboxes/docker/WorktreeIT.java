package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import dev.sandboxes.git.WorkspaceChanges;
import dev.sandboxes.git.Worktree;
import dev.sandboxes.git.WorktreeAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Agents on branches of one repository, each in its own worktree, side by side. */
class WorktreeIT {

    private final DockerTestSupport support = new DockerTestSupport();
    private Path parent;
    private Path repo;
    private String mainHead;

    @BeforeEach
    void aRepository() throws Exception {
        parent = support.newWorkspace("worktrees");
        repo = Files.createDirectories(parent.resolve("app"));
        git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("greeting.txt"), "hello\n");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "first");
        mainHead = git(repo, "rev-parse", "HEAD").strip();
    }

    @AfterEach
    void cleanUp() {
        support.close();
    }

    @Test
    void twoAgentsOnTwoBranchesEditTheSameFileAndCommitEachOnItsOwnAndTheMainCheckoutStaysAsItWas() throws Exception {
        try (Sandbox a = open("agent-a", "Agent A"); Sandbox b = open("agent-b", "Agent B")) {
            assertNotEquals(a.id(), b.id());
            assertEquals(0, edit(a, "from a").exitCode());
            assertEquals(0, edit(b, "from b").exitCode());

            assertEquals("hello\nfrom a\n", git(repo, "show", "agent-a:greeting.txt"));
            assertEquals("hello\nfrom b\n", git(repo, "show", "agent-b:greeting.txt"));
            assertEquals("Agent A <a@example.com>|from a", git(repo, "log", "-1", "--format=%an <%ae>|%s", "agent-a").strip());
            assertEquals(mainHead, git(repo, "rev-parse", "agent-a~1").strip());
            // The main checkout: the same commit, the same file, nothing pending.
            assertEquals(mainHead, git(repo, "rev-parse", "main").strip());
            assertEquals("main", git(repo, "symbolic-ref", "--short", "HEAD").strip());
            assertEquals("hello\n", Files.readString(repo.resolve("greeting.txt")));
            assertEquals("", git(repo, "status", "--porcelain"));

            WorkspaceChanges changesOfA = a.changes();
            assertEquals(List.of(new WorkspaceChanges.ChangedFile("greeting.txt", WorkspaceChanges.Change.MODIFIED)),
                    changesOfA.files());
            assertTrue(changesOfA.diff().contains("+from a") && !changesOfA.diff().contains("from b"), changesOfA.diff());
            assertTrue(b.changes().diff().contains("+from b") && !b.changes().diff().contains("from a"));
            assertEquals(mainHead, changesOfA.baseCommit());
        }
    }

    @Test
    void theSandboxSeesOnlyTheGitFolderOfTheRepositoryAndCannotChangeItsConfigOrHooks() throws Exception {
        try (Sandbox sandbox = open("guarded", "Agent")) {
            Path git = repo.resolve(".git");
            assertEquals(1, sandbox.exec("test", "-e", repo.resolve("greeting.txt").toString()).exitCode(),
                    "the main checkout's files are visible");
            for (String target : List.of(git.resolve("hooks/pre-commit").toString(), git.resolve("config").toString())) {
                ExecResult write = sandbox.exec(ExecRequest.of("sh", "-c", "echo 'echo planted' >> " + target).asRoot());
                assertNotEquals(0, write.exitCode(), "could write " + target);
                assertTrue(write.stderr().contains("Read-only file system"), write.stderr());
            }
            assertFalse(Files.exists(git.resolve("hooks/pre-commit")));
        }
    }

    @Test
    void removingKeepsTheWorktreeUnlessAskedAndRefusesToDropUncommittedWorkUnlessForced() throws Exception {
        Sandbox kept = open("kept", "Agent");
        Worktree keptTree = kept.worktree().orElseThrow();
        kept.remove();
        assertTrue(Files.isDirectory(keptTree.path()), "the worktree went with its sandbox");

        Sandbox dirty = open("dirty", "Agent");
        Worktree dirtyTree = dirty.worktree().orElseThrow();
        dirty.exec("sh", "-c", "echo draft > draft.txt");
        SandboxStateException refused = assertThrows(SandboxStateException.class, () -> dirty.remove(WorktreeAction.REMOVE));
        assertTrue(refused.getMessage().contains("not committed"), refused.getMessage());
        assertEquals(SandboxStatus.RUNNING, dirty.info().status(), "a refused remove removed the sandbox");
        assertTrue(Files.exists(dirtyTree.path().resolve("draft.txt")));

        dirty.remove(WorktreeAction.REMOVE_DISCARDING_CHANGES);
        assertFalse(Files.exists(dirtyTree.path()));
        assertEquals(mainHead, git(repo, "rev-parse", "dirty").strip(), "the branch went too");
    }

    /**
     * A sandbox on a branch, its worktree handed to the agent: these tests run as root, whose files
     * the agent (uid 1000) may not write, where a user's own repository would be the agent's already.
     */
    private Sandbox open(String branch, String author) throws Exception {
        Sandbox sandbox = support.builder(repo).template(DockerTestSupport.TOOLS_TEMPLATE).branch(branch)
                .gitIdentity(author, author.toLowerCase().replace("agent ", "") + "@example.com").open();
        Worktree worktree = sandbox.worktree().orElseThrow();
        support.newWorkspaceInside(parent, parent.relativize(worktree.path()).toString());
        Path git = repo.resolve(".git");
        List<String> chown = new ArrayList<>(List.of("chown", "-R", "1000:1000", worktree.path().toString()));
        for (String writable : List.of("objects", "refs", "logs", "worktrees/" + branch)) {
            chown.add(git.resolve(writable).toString());
        }
        assertEquals(0, sandbox.exec(ExecRequest.of(chown.toArray(String[]::new)).asRoot()).exitCode());
        return sandbox;
    }

    private static ExecResult edit(Sandbox sandbox, String line) {
        return sandbox.exec("sh", "-c", "echo '" + line + "' >> greeting.txt && git commit -q -am '" + line + "'");
    }

    private static String git(Path where, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=t@example.com",
                "-C", where.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
        return output;
    }
}
