package dev.sandboxes;

import java.time.Duration;
import java.util.Objects;

/**
 * What a finished command left behind. A non-zero exit code is a result, not an exception.
 *
 * <pre>{@code
 * ExecResult r = sandbox.exec("npm", "test");
 * if (r.exitCode() != 0) System.err.println(r.stderr());
 * }</pre>
 *
 * @param exitCode the process's exit status
 * @param stdout   its standard output, decoded as UTF-8
 * @param stderr   its standard error, decoded as UTF-8
 * @param duration from the request to the exit status
 */
public record ExecResult(int exitCode, String stdout, String stderr, Duration duration) {

    public ExecResult {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(duration, "duration");
    }

    /** Whether the command exited with status 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }
}
