package dev.sandboxes.exec;

import dev.sandboxes.errors.SandboxException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A command running in a sandbox, started with {@link dev.sandboxes.Sandbox#start(ExecRequest)}. Its output goes
 * to the request's {@link ExecListener} as it comes; the result, when it ends.
 *
 * <pre>{@code
 * ExecHandle server = sandbox.start(ExecRequest.of("npm", "run", "dev")
 *         .withListener(ExecListener.lines(System.out::println, System.err::println)));
 * ...
 * server.kill();
 * ExecResult r = server.result().join();
 * }</pre>
 */
public interface ExecHandle {

    /** The command's standard input; close it to send end-of-file. Only for requests made {@code withStdinOpen()}. */
    OutputStream stdin();

    /** Completes with the result when the command ends and its output has drained. */
    CompletableFuture<ExecResult> result();

    /**
     * The result, if the command ends within {@code limit}; empty when it is still running.
     *
     * @throws SandboxException when the command could not be run to its end
     */
    default Optional<ExecResult> waitFor(Duration limit) {
        try {
            return Optional.of(result().get(limit.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException stillRunning) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("Interrupted while waiting for a command", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SandboxException sandboxException ? sandboxException
                    : new SandboxException("The command failed to run: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Waits for the command to end and gives its result.
     *
     * @throws SandboxException when the command could not be run to its end
     */
    default ExecResult await() {
        try {
            return result().join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof SandboxException sandboxException ? sandboxException
                    : new SandboxException("The command failed to run: " + e.getCause(), e.getCause());
        }
    }

    /** Kills the command and every process it started; the result then has exit code 137. */
    void kill();

    /**
     * Sets the size of the command's terminal, as a terminal window does when it is resized.
     *
     * @throws IllegalStateException when the command has no terminal ({@link ExecRequest#withTty})
     */
    void resizeTerminal(int columns, int rows);
}
