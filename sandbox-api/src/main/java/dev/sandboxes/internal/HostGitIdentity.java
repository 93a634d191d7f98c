package dev.sandboxes.internal;

import dev.sandboxes.GitIdentity;
import dev.sandboxes.InvalidSandboxConfigException;
import dev.sandboxes.spi.GitIdentitySource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The host's git identity for a workspace, as {@code git config} resolves it there: repository
 * config first, then the user's global config. The workspace is a folder an agent can write to, so
 * git is found on the PATH's absolute folders outside the workspace (never a {@code git} the agent
 * planted), runs with hooks, fsmonitor and external diff off and without the environment variables
 * that point git at another repository, and is given a time limit (a repository's config may
 * include a FIFO that never answers). No git, or no identity, is not an error.
 */
public final class HostGitIdentity implements GitIdentitySource {

    private static final System.Logger LOG = System.getLogger(HostGitIdentity.class.getName());
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** Settings that stop a repository's config from running anything. */
    static final List<String> SAFE_OPTIONS = List.of(
            "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false",
            "-c", "diff.external=", "-c", "core.sshCommand=false", "--no-pager");

    /** Variables that would make git read another repository than the workspace's. */
    private static final List<String> REPOSITORY_VARIABLES = List.of("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR",
            "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT",
            "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_NAMESPACE");

    private final Path workspace;
    private final Map<String, String> environment;
    private final Duration timeout;
    private volatile Optional<GitIdentity> resolved;

    /**
     * @param environment variables added to git's environment, for tests (such as {@code HOME})
     * @param timeout     how long git may take
     */
    public HostGitIdentity(Path workspace, Map<String, String> environment, Duration timeout) {
        this.workspace = workspace;
        this.environment = Map.copyOf(environment);
        this.timeout = timeout;
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
            LOG.log(System.Logger.Level.DEBUG, "No git user.name and user.email for " + workspace
                    + "; the sandbox gets no git identity");
        }
        return identity;
    }

    /** {@code user.name} and {@code user.email}, or empty when git could not run, failed or took too long. */
    private Optional<Map<String, String>> config(List<String> where) {
        Optional<Path> git = gitProgram();
        if (git.isEmpty()) {
            LOG.log(System.Logger.Level.DEBUG, "No git on the PATH; the sandbox gets no git identity");
            return Optional.empty();
        }
        List<String> command = new ArrayList<>(List.of(git.get().toString()));
        command.addAll(SAFE_OPTIONS);
        command.addAll(where);
        command.addAll(List.of("config", "--get-regexp", "^user\\.(name|email)$"));
        Path output = null;
        try {
            // Into a file, not a pipe: waiting on a pipe would wait as long as a stuck git.
            output = Files.createTempFile("sandboxes-git-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workspace.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            REPOSITORY_VARIABLES.forEach(builder.environment()::remove);
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                LOG.log(System.Logger.Level.DEBUG, "git config took longer than " + timeout + " in " + workspace);
                return Optional.empty();
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            // Exit 1 means "no such key": a valid, empty answer.
            if (process.exitValue() != 0 && process.exitValue() != 1) {
                return Optional.empty();
            }
            Map<String, String> values = new HashMap<>();
            for (String line : text.split("\n")) {
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
        } finally {
            deleteQuietly(output);
        }
    }

    /**
     * git from the PATH's absolute folders, skipping the workspace: a relative entry (or, on Windows,
     * the current folder, searched first) would run a {@code git} an agent wrote there.
     */
    private Optional<Path> gitProgram() {
        String path = environment.getOrDefault("PATH", System.getenv("PATH"));
        if (path == null) {
            return Optional.empty();
        }
        boolean windows = java.io.File.separatorChar == '\\';
        for (String folder : path.split(java.io.File.pathSeparator)) {
            if (folder.isEmpty() || !Path.of(folder).isAbsolute()) {
                continue;
            }
            Path candidate = Path.of(folder, windows ? "git.exe" : "git").toAbsolutePath().normalize();
            if (!candidate.startsWith(workspace) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A temporary file left behind harms nothing.
            }
        }
    }
}
