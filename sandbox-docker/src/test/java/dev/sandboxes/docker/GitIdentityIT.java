package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sandboxes.Sandbox;
import dev.sandboxes.agents.Agents;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.exec.ExecResult;
import dev.sandboxes.git.GitIdentity;
import dev.sandboxes.internal.SandboxNames;
import dev.sandboxes.internal.SpecPolicy;
import dev.sandboxes.spi.GitIdentitySource;
import dev.sandboxes.spi.HostOwner;
import dev.sandboxes.spi.SandboxSpec;
import dev.sandboxes.templates.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The host's git identity, injected into the agent's ~/.gitconfig so that its commits are the user's. */
class GitIdentityIT {

    private final DockerTestSupport support = new DockerTestSupport();

    @AfterEach
    void cleanUp() {
        support.close();
    }

    @Test
    void theIdentityGitResolvesForTheWorkspaceOnTheHostIsTheAgentsGlobalOne() throws Exception {
        Path repo = support.newWorkspace("hostidentity");
        git(repo, "init", "-q");
        git(repo, "config", "user.name", "Repo Person");
        git(repo, "config", "user.email", "repo@example.com");
        try (Sandbox sandbox = support.builder(repo).template(DockerTestSupport.TOOLS_TEMPLATE).open()) {
            // --global reads ~/.gitconfig only: what the library wrote, not the shared repository's config.
            assertEquals("Repo Person\n", sandbox.exec("git", "config", "--global", "user.name").stdout());
            assertEquals("repo@example.com\n", sandbox.exec("git", "config", "--global", "user.email").stdout());
            assertEquals(repo + "\n", sandbox.exec("git", "config", "--global", "--get-all", "safe.directory").stdout());
            // A repository of its own, without any identity: the commit is the host user's.
            ExecResult commit = sandbox.exec("sh", "-c", "cd /tmp && git init -q own && cd own"
                    + " && git commit -q --allow-empty -m 'made by the agent' && git log -1 --format='%an <%ae>'");
            assertEquals(0, commit.exitCode(), commit.stderr());
            assertEquals("Repo Person <repo@example.com>\n", commit.stdout());
        }
    }

    @Test
    void aCommitMadeInsideCarriesTheIdentity() throws Exception {
        Path workspace = support.newWorkspace("commit");
        try (Sandbox sandbox = support.builder(workspace).template(DockerTestSupport.TOOLS_TEMPLATE)
                .gitIdentity("Ada Lovelace", "ada@example.com").open()) {
            ExecResult commit = sandbox.exec("sh", "-c", "mkdir project && cd project && git init -q"
                    + " && git commit -q --allow-empty -m 'made by the agent' && git log -1 --format='%an <%ae>|%cn <%ce>'");
            assertEquals(0, commit.exitCode(), commit.stderr());
            assertEquals("Ada Lovelace <ada@example.com>|Ada Lovelace <ada@example.com>\n", commit.stdout());
        }
    }

    @Test
    void aRepositoryOwnedByAnotherUserIsSafeForTheAgent() throws Exception {
        Path repo = support.newWorkspace("rootrepo");
        git(repo, "init", "-q");
        Files.setPosixFilePermissions(repo, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (Sandbox sandbox = support.builder(repo).template(DockerTestSupport.TOOLS_TEMPLATE).open()) {
            // Root owns the repository, the agent is uid 1000: without safe.directory git refuses it.
            ExecResult status = sandbox.exec("git", "status", "--short");
            assertEquals(0, status.exitCode(), status.stderr());
        }
    }

    @Test
    void theIdentityIsLookedUpWhenTheSandboxIsCreatedNeverOnReuse() throws Exception {
        Path workspace = support.newWorkspace("lookups");
        AtomicInteger lookups = new AtomicInteger();
        GitIdentitySource counting = () -> {
            lookups.incrementAndGet();
            return Optional.of(new GitIdentity("Counted", "counted@example.com"));
        };
        SandboxSpec spec = SandboxSpec.builder(workspace, workspace.toString(), SandboxNames.forWorkspace(workspace),
                        Agents.named(Agents.SHELL), SpecPolicy.INSTANCE)
                .template(Optional.of(Template.image(DockerTestSupport.TEMPLATE)))
                .workspaceOwner(Optional.of(new HostOwner(0, 0, 0777))).gitIdentity(counting).build();
        DockerSandboxRuntime runtime = DockerTestSupport.runtime();
        runtime.open(spec, Duration.ofMinutes(1), SandboxListener.NONE);
        runtime.open(spec, Duration.ofMinutes(1), SandboxListener.NONE);
        runtime.open(spec, Duration.ofMinutes(1), SandboxListener.NONE);
        assertEquals(1, lookups.get());
    }

    private static void git(Path repo, String... args) throws Exception {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = repo.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        assertEquals(0, new ProcessBuilder(command).inheritIO().start().waitFor());
    }
}
