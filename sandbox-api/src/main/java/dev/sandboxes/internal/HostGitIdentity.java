package dev.sandboxes.internal;

import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.git.GitIdentity;
import dev.sandboxes.spi.GitIdentitySource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's git identity for a workspace, as {@code git config} resolves it there: repository
 * config first, then the user's global config. The workspace is a folder an agent can write to, so
 * git runs as {@link HostGit} runs it: nothing of the repository can run. No git, or no identity,
 * is not an error.
 */
public final class HostGitIdentity implements GitIdentitySource {

    private static final Logger LOG = LoggerFactory.getLogger(HostGitIdentity.class);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Path workspace;
    private final HostGit git;
    private volatile Optional<GitIdentity> resolved;

    /**
     * @param environment variables added to git's environment, for tests (such as {@code HOME})
     * @param timeout     how long git may take
     */
    public HostGitIdentity(Path workspace, Map<String, String> environment, Duration timeout) {
        this.workspace = workspace;
        this.git = new HostGit(workspace, environment, timeout);
    }

    public HostGitIdentity(Path workspace, Map<String, String> environment) {
        this(workspace, environment, DEFAULT_TIMEOUT);
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
            LOG.debug("No git user.name and user.email for " + workspace
                    + "; the sandbox gets no git identity");
        }
        return identity;
    }

    /** {@code user.name} and {@code user.email}, or empty when git could not run, failed or took too long. */
    private Optional<Map<String, String>> config(List<String> where) {
        List<String> args = new ArrayList<>(where);
        args.addAll(List.of("config", "--get-regexp", "^user\\.(name|email)$"));
        Optional<HostGit.Result> result = git.run(args);
        // Exit 1 means "no such key": a valid, empty answer.
        if (result.isEmpty() || (result.get().exitCode() != 0 && result.get().exitCode() != 1)) {
            LOG.debug("git config did not answer in " + workspace + ": " + result);
            return Optional.empty();
        }
        Map<String, String> values = new HashMap<>();
        for (String line : result.get().stdout().split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                values.put(line.substring(0, space), line.substring(space + 1).strip());
            }
        }
        return Optional.of(values);
    }
}
