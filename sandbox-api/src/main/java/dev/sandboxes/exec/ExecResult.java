package dev.sandboxes.exec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * What a finished command left behind. A non-zero exit is a result, not an exception: call
 * {@link #orThrow()} to make it one.
 *
 * <pre>{@code
 * ExecResult r = sandbox.exec("npm", "test");
 * if (!r.succeeded()) System.err.println(r.stderr());
 * sandbox.exec("make").orThrow();   // throws ExecFailedException with the exit code and the end of stderr
 * }</pre>
 *
 * @param exitCode    the process's exit status (137 when killed, after a timeout say)
 * @param stdoutBytes its standard output as captured, up to the request's output limit
 * @param stderrBytes its standard error as captured, up to the request's output limit
 * @param duration    from the request to the exit status
 * @param truncated   whether a stream produced more than the output limit (listeners still saw all)
 * @param timedOut    whether the command was killed because it ran past its timeout
 */
public record ExecResult(int exitCode, byte[] stdoutBytes, byte[] stderrBytes, Duration duration, boolean truncated,
                         boolean timedOut) {

    /** How much of stderr an {@link ExecFailedException} quotes. */
    private static final int STDERR_TAIL = 2000;

    public ExecResult {
        Objects.requireNonNull(stdoutBytes, "stdoutBytes");
        Objects.requireNonNull(stderrBytes, "stderrBytes");
        Objects.requireNonNull(duration, "duration");
    }

    /** A result of text output, complete. */
    public ExecResult(int exitCode, String stdout, String stderr, Duration duration) {
        this(exitCode, stdout.getBytes(StandardCharsets.UTF_8), stderr.getBytes(StandardCharsets.UTF_8), duration, false, false);
    }

    /** Standard output, decoded as UTF-8. */
    public String stdout() {
        return new String(stdoutBytes, StandardCharsets.UTF_8);
    }

    /** Standard error, decoded as UTF-8. */
    public String stderr() {
        return new String(stderrBytes, StandardCharsets.UTF_8);
    }

    /** Whether the command exited with status 0 in time. */
    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }

    /**
     * This result, when the command succeeded.
     *
     * @throws ExecFailedException otherwise, with the exit code and the end of stderr
     */
    public ExecResult orThrow() {
        if (!succeeded()) {
            String err = stderr();
            throw new ExecFailedException(exitCode, timedOut,
                    err.length() > STDERR_TAIL ? err.substring(err.length() - STDERR_TAIL) : err);
        }
        return this;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExecResult that && exitCode == that.exitCode && truncated == that.truncated
                && timedOut == that.timedOut && duration.equals(that.duration)
                && java.util.Arrays.equals(stdoutBytes, that.stdoutBytes) && java.util.Arrays.equals(stderrBytes, that.stderrBytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(exitCode, duration, truncated, timedOut, java.util.Arrays.hashCode(stdoutBytes));
    }

    @Override
    public String toString() {
        return "ExecResult[exit " + exitCode + (timedOut ? ", timed out" : "") + (truncated ? ", truncated" : "")
                + ", " + stdoutBytes.length + " bytes out, " + stderrBytes.length + " bytes err, " + duration + "]";
    }
}
