package dev.sandboxes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.GitIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void aRepositoryHookOrFsmonitorNeverRunsDuringTheLookup() throws Exception {
        Path repo = repository("Repo Person", "repo@example.com");
        Path marker = tmp.resolve("ran");
        // A repository whose config would run a program if git ever consulted fsmonitor or hooks.
        git(repo, "config", "core.fsmonitor", "touch " + marker);
        Path hook = repo.resolve(".git/hooks/post-checkout");
        Files.writeString(hook, "#!/bin/sh\ntouch " + marker + "\n");
        hook.toFile().setExecutable(true);
        assertTrue(new HostGitIdentity(repo, env).resolve().isPresent());
        assertTrue(Files.notExists(marker));
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
