package dev.sandboxes.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * git on the host, run so that nothing a repository holds can run code here: an agent may have
 * written to the repository (its worktree, its git folder), and host git is the user's. Hooks,
 * fsmonitor, external diff and textconv are off, so is the pager; the variables that point git at
 * another repository are dropped; git itself is found on the PATH's absolute folders outside the
 * folder it works in (never a {@code git} an agent planted); and it has a time limit (a repository's
 * config may include a FIFO that never answers).
 */
public final class HostGit {

    /** Settings that stop a repository's config from running anything. */
    static final List<String> SAFE_OPTIONS = List.of(
            "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false",
            "-c", "diff.external=", "-c", "core.sshCommand=false", "-c", "core.pager=cat",
            "-c", "color.ui=false", "-c", "core.quotepath=false", "--no-pager");

    /** Variables that would make git read another repository than the one asked. */
    private static final List<String> REPOSITORY_VARIABLES = List.of("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR",
            "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT",
            "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_NAMESPACE", "GIT_EXTERNAL_DIFF",
            "GIT_PAGER", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_ASKPASS");

    private final Path folder;
    private final Map<String, String> environment;
    private final Duration timeout;

    /**
     * @param folder      where git runs, and which it may not be taken from
     * @param environment variables added to git's environment (such as {@code HOME}, for tests)
     * @param timeout     how long one git command may take
     */
    public HostGit(Path folder, Map<String, String> environment, Duration timeout) {
        this.folder = folder;
        this.environment = Map.copyOf(environment);
        this.timeout = timeout;
    }

    /** What one git command did. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /**
     * Runs {@code git <safe options> <args>} in the folder.
     *
     * @return empty when git is missing, could not start, or took longer than the time limit
     */
    public Optional<Result> run(List<String> args) {
        Optional<Path> git = program();
        if (git.isEmpty()) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>(List.of(git.get().toString()));
        command.addAll(SAFE_OPTIONS);
        command.addAll(args);
        Path out = null;
        Path err = null;
        try {
            // Into files, not pipes: waiting on a pipe would wait as long as a stuck git.
            out = Files.createTempFile("sandboxes-git-", ".out");
            err = Files.createTempFile("sandboxes-git-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            REPOSITORY_VARIABLES.forEach(builder.environment()::remove);
            builder.environment().put("GIT_TERMINAL_PROMPT", "0");
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return Optional.empty();
            }
            return Optional.of(new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /**
     * git from the PATH's absolute folders, skipping the folder it works in: a relative entry (or,
     * on Windows, the current folder, searched first) would run a {@code git} an agent wrote there.
     */
    public Optional<Path> program() {
        String path = environment.getOrDefault("PATH", System.getenv("PATH"));
        if (path == null) {
            return Optional.empty();
        }
        boolean windows = File.separatorChar == '\\';
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isEmpty() || !Path.of(entry).isAbsolute()) {
                continue;
            }
            Path candidate = Path.of(entry, windows ? "git.exe" : "git").toAbsolutePath().normalize();
            if (!candidate.startsWith(folder) && Files.isExecutable(candidate)) {
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
