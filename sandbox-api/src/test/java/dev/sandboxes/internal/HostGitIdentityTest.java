package dev.sandboxes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.git.GitIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's git identity, as git resolves it for a workspace, with a fake home for the global config. */
class HostGitIdentityTest {

    @TempDir
    Path tmp;

    private Path home;
    private Map<String, String> env;

    @BeforeEach
    void fakeHome() throws IOException {
        home = Files.createDirectories(tmp.resolve("home"));
        env = Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.toString(), "GIT_CONFIG_NOSYSTEM", "1");
    }

    @Test
    void theGlobalIdentityIsFoundOutsideARepository() throws Exception {
        Files.writeString(home.resolve(".gitconfig"), "[user]\n\tname = Global Person\n\temail = global@example.com\n");
        Path folder = Files.createDirectories(tmp.resolve("plain"));
        assertEquals(Optional.of(new GitIdentity("Global Person", "global@example.com")),
                new HostGitIdentity(folder, env).resolve());
    }

    @Test
    void theRepositorysOwnIdentityWinsOverTheGlobalOne() throws Exception {
        Files.writeString(home.resolve(".gitconfig"), "[user]\n\tname = Global Person\n\temail = global@example.com\n");
        Path repo = repository("Repo Person", "repo@example.com");
        assertEquals(Optional.of(new GitIdentity("Repo Person", "repo@example.com")), new HostGitIdentity(repo, env).resolve());
    }

    @Test
    void noIdentityAnywhereIsEmptyNotAnError() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("nobody"));
        assertEquals(Optional.empty(), new HostGitIdentity(folder, env).resolve());
    }

    @Test
    void aRepositoryWhoseConfigNeverAnswersCannotHoldTheLookUpBeyondItsTimeLimit() throws Exception {
        Path repo = repository("Repo Person", "repo@example.com");
        // An agent can make the repository's config include a FIFO nobody writes to.
        Path fifo = repo.resolve("stuck");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        git(repo, "config", "include.path", fifo.toString());
        long started = System.nanoTime();
        Optional<GitIdentity> identity = new HostGitIdentity(repo, env, Duration.ofMillis(500)).resolve();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(Duration.ofMillis(450)) > 0, "git did wait on the FIFO: " + took);
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "the lookup returned once its limit was up: " + took);
        assertTrue(identity.isEmpty() || identity.get().name().equals("Global Person"), identity.toString());
    }

    @Test
    void aGitPlantedInTheWorkspaceIsNeverRun() throws Exception {
        Path workspace = Files.createDirectories(tmp.resolve("planted"));
        Path marker = tmp.resolve("planted-git-ran");
        Path fake = Files.writeString(workspace.resolve("git"), "#!/bin/sh\ntouch " + marker + "\n");
        fake.toFile().setExecutable(true);
        Files.writeString(home.resolve(".gitconfig"), "[user]\n\tname = Global Person\n\temail = global@example.com\n");
        // A PATH with the workspace first, as a relative entry would be from inside it.
        Map<String, String> planted = new java.util.HashMap<>(env);
        planted.put("PATH", workspace + java.io.File.pathSeparator + "." + java.io.File.pathSeparator + System.getenv("PATH"));
        assertEquals(Optional.of(new GitIdentity("Global Person", "global@example.com")),
                new HostGitIdentity(workspace, planted).resolve());
        assertTrue(Files.notExists(marker));
    }

    @Test
    void codePlantedInTheRepositorysConfigNeverRunsOnTheHost() throws Exception {
        Path repo = repository("Repo Person", "repo@example.com");
        Path hooks = Files.createDirectories(repo.resolve("planted-hooks"));
        List<String> ways = List.of("fsmonitor", "hook", "external-diff", "textconv", "clean-filter", "pager", "ssh");
        for (String hook : List.of("post-checkout", "pre-commit", "post-index-change", "reference-transaction")) {
            Path script = Files.writeString(hooks.resolve(hook), "#!/bin/sh\ntouch " + tmp.resolve("ran-hook") + "\n");
            script.toFile().setExecutable(true);
        }
        git(repo, "config", "core.hooksPath", hooks.toString());
        git(repo, "config", "core.fsmonitor", "touch " + tmp.resolve("ran-fsmonitor"));
        git(repo, "config", "diff.external", "touch " + tmp.resolve("ran-external-diff"));
        git(repo, "config", "diff.planted.textconv", "touch " + tmp.resolve("ran-textconv"));
        git(repo, "config", "filter.planted.clean", "touch " + tmp.resolve("ran-clean-filter"));
        git(repo, "config", "core.pager", "touch " + tmp.resolve("ran-pager"));
        git(repo, "config", "core.sshCommand", "touch " + tmp.resolve("ran-ssh"));
        Files.writeString(repo.resolve(".gitattributes"), "* diff=planted filter=planted\n");
        Files.writeString(repo.resolve("file.txt"), "content\n");

        assertEquals(Optional.of(new GitIdentity("Repo Person", "repo@example.com")), new HostGitIdentity(repo, env).resolve());
        for (String way : ways) {
            assertTrue(Files.notExists(tmp.resolve("ran-" + way)), "the repository ran code on the host through " + way);
        }
    }

    @Test
    void gitRunsOnceHoweverOftenTheIdentityIsAsked() throws Exception {
        Path repo = repository("Once", "once@example.com");
        HostGitIdentity identity = new HostGitIdentity(repo, env);
        Optional<GitIdentity> first = identity.resolve();
        git(repo, "config", "user.name", "Changed");
        assertEquals(first, identity.resolve());
    }

    private Path repository(String name, String email) throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        git(repo, "init", "-q");
        git(repo, "config", "user.name", name);
        git(repo, "config", "user.email", email);
        return repo;
    }

    private void git(Path repo, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(env);
        assertEquals(0, builder.start().waitFor());
    }
}
