package dev.sandboxes.internal;

import dev.sandboxes.GitIdentity;
import dev.sandboxes.InvalidSandboxConfigException;
import dev.sandboxes.spi.GitIdentitySource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The host's git identity for a workspace, as {@code git config} resolves it there: repository
 * config first, then the user's global config. The workspace is a folder an agent can write to, so
 * git runs with every way for a repository to make it execute code switched off: no hooks, no
 * fsmonitor, no external diff or textconv. No git, or no identity, is not an error.
 */
public final class HostGitIdentity implements GitIdentitySource {

    private static final System.Logger LOG = System.getLogger(HostGitIdentity.class.getName());
    private static final long TIMEOUT_SECONDS = 10;

    /** Settings that stop a repository's config from running anything. */
    static final List<String> SAFE_GIT = List.of("git",
            "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false",
            "-c", "diff.external=", "-c", "core.sshCommand=false", "--no-pager");

    private final Path workspace;
    private final Map<String, String> environment;
    private volatile Optional<GitIdentity> resolved;

    /**
     * @param environment variables added to git's environment, for tests (such as {@code HOME})
     */
    public HostGitIdentity(Path workspace, Map<String, String> environment) {
        this.workspace = workspace;
        this.environment = Map.copyOf(environment);
    }

    public HostGitIdentity(Path workspace) {
        this(workspace, Map.of());
    }

    /** Runs git at most once, and only when asked. */
    @Override
    public Optional<GitIdentity> resolve() {
        Optional<GitIdentity> identity = resolved;
        if (identity == null) {
            synchronized (this) {
                identity = resolved;
                if (identity == null) {
                    identity = lookUp();
                    resolved = identity;
                }
            }
        }
        return identity;
    }

    private Optional<GitIdentity> lookUp() {
        // In the repository, so that its own config counts; outside it (or if git refuses the
        // repository, say for its ownership), the global config alone.
        // safe.directory on the command line (protected configuration) lets git read the repository
        // of another user; it runs nothing of it, since everything that could run is switched off.
        Optional<Map<String, String>> values = config(List.of("-c", "safe.directory=" + workspace, "-C", workspace.toString()))
                .or(() -> config(List.of()));
        Optional<GitIdentity> identity = values.flatMap(found -> {
            String name = found.get("user.name");
            String email = found.get("user.email");
            if (name == null || email == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(new GitIdentity(name, email));
            } catch (InvalidSandboxConfigException unusable) {
                return Optional.empty();
            }
        });
        if (identity.isEmpty()) {
            LOG.log(System.Logger.Level.DEBUG, "No git user.name and user.email for " + workspace
                    + "; the sandbox gets no git identity");
        }
        return identity;
    }

    /** {@code user.name} and {@code user.email}, or empty when git could not run or failed. */
    private Optional<Map<String, String>> config(List<String> where) {
        List<String> command = new ArrayList<>(SAFE_GIT);
        command.addAll(where);
        command.addAll(List.of("config", "--get-regexp", "^user\\.(name|email)$"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        try {
            Process git = builder.start();
            git.getOutputStream().close();
            String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!git.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                return Optional.empty();
            }
            // Exit 1 means "no such key": a valid, empty answer.
            if (git.exitValue() != 0 && git.exitValue() != 1) {
                return Optional.empty();
            }
            Map<String, String> values = new HashMap<>();
            for (String line : output.split("\n")) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    values.put(line.substring(0, space), line.substring(space + 1).strip());
                }
            }
            return Optional.of(values);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "git could not run: " + e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
