package dev.sandboxes.exec;

import dev.sandboxes.errors.SandboxException;

/**
 * A command ended with a non-zero exit status, or ran past its timeout, and the caller asked for
 * that to be an error with {@link ExecResult#orThrow()}.
 *
 * <pre>{@code
 * try {
 *     sandbox.exec("make").orThrow();
 * } catch (ExecFailedException e) {
 *     System.err.println("make failed with " + e.exitCode() + ": " + e.stderrTail());
 * }
 * }</pre>
 */
public class ExecFailedException extends SandboxException {

    private final int exitCode;
    private final String stderrTail;

    public ExecFailedException(int exitCode, boolean timedOut, String stderrTail) {
        super((timedOut ? "The command ran past its timeout and was killed (exit " + exitCode + ")"
                : "The command failed with exit code " + exitCode)
                + (stderrTail.isBlank() ? "." : ". The end of its stderr:\n" + stderrTail));
        this.exitCode = exitCode;
        this.stderrTail = stderrTail;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The last part of the command's standard error. */
    public String stderrTail() {
        return stderrTail;
    }
}
