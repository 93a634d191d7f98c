package dev.sandboxes.testkit;

import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.exec.ExecHandle;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A command of the in-memory runtime, playing out its script's outcome on a timer as a process
 * would: lines streamed over time (and kept in the result, up to the output limit), the end after
 * its delay (or, with stdin open, once stdin is closed and the delay is over), a timeout or a kill
 * that ends it early keeping what it printed.
 */
final class ScriptedExec implements ExecHandle {

    private static final ScheduledExecutorService TIMER = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "in-memory-exec");
        thread.setDaemon(true);
        return thread;
    });

    private final ExecRequest request;
    private final ExecScript.Outcome outcome;
    private final RecordedExec record;
    private final long startedNanos = System.nanoTime();
    private final long endNanos;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final CompletableFuture<ExecResult> result = new CompletableFuture<>();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private final List<String> lines;
    private int linesDelivered;
    private boolean stdinClosed;

    ScriptedExec(ExecRequest request, ExecScript.Outcome outcome, RecordedExec record) {
        this.request = request;
        this.outcome = outcome;
        this.record = record;
        this.lines = outcome.streamedLines();
        request.stdin().ifPresent(bytes -> record.received(bytes, 0, bytes.length));
        long lineNanos = outcome.lineInterval().toNanos();
        this.endNanos = Math.max(outcome.delay().toNanos(), lineNanos * lines.size());
    }

    /** Schedules the lines, the end and the timeout; the command is running from here on. */
    ScriptedExec begin() {
        long lineNanos = outcome.lineInterval().toNanos();
        synchronized (this) {
            for (int i = 0; i < lines.size(); i++) {
                int upTo = i + 1;
                timers.add(TIMER.schedule(() -> deliverLines(upTo), lineNanos * upTo, TimeUnit.NANOSECONDS));
            }
            if (!request.stdinOpen()) {
                timers.add(TIMER.schedule(() -> end(outcome.exitCode(), false, false), endNanos, TimeUnit.NANOSECONDS));
            }
            request.timeout().ifPresent(limit -> timers.add(
                    TIMER.schedule(() -> end(137, true, true), limit.toNanos(), TimeUnit.NANOSECONDS)));
        }
        return this;
    }

    @Override
    public OutputStream stdin() {
        if (!request.stdinOpen()) {
            throw new IllegalStateException("This command's standard input is not open: ask for it with ExecRequest.withStdinOpen().");
        }
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (result.isDone()) {
                    throw new IOException("The command " + request.argv().get(0) + " no longer reads its input: it has ended.");
                }
                record.received(b, off, len);
            }

            @Override
            public void close() {
                closeStdin();
            }
        };
    }

    @Override
    public CompletableFuture<ExecResult> result() {
        return result;
    }

    @Override
    public void kill() {
        end(137, false, true);
    }

    @Override
    public void resizeTerminal(int columns, int rows) {
        if (!request.tty()) {
            throw new IllegalStateException("This command has no terminal to resize: ask for one with ExecRequest.withTty(true).");
        }
    }

    /** The sandbox stopped or went away under the command. */
    void fail(SandboxException reason) {
        synchronized (this) {
            timers.forEach(timer -> timer.cancel(false));
        }
        result.completeExceptionally(reason);
    }

    private synchronized void closeStdin() {
        if (stdinClosed) {
            return;
        }
        stdinClosed = true;
        long left = endNanos - (System.nanoTime() - startedNanos);
        timers.add(TIMER.schedule(() -> end(outcome.exitCode(), false, false), Math.max(0, left), TimeUnit.NANOSECONDS));
    }

    /** Lines in order, each once, whichever timer task gets there first. */
    private synchronized void deliverLines(int upTo) {
        while (linesDelivered < upTo && !result.isDone()) {
            byte[] line = (lines.get(linesDelivered++) + "\n").getBytes(StandardCharsets.UTF_8);
            stdout.writeBytes(line);
            request.listener().onStdout(line);
        }
    }

    private synchronized void end(int exitCode, boolean timedOut, boolean killed) {
        if (result.isDone()) {
            return;
        }
        timers.forEach(timer -> timer.cancel(false));
        if (!killed) {
            deliverLines(lines.size());
            byte[] out = outcome.echoStdin() ? record.stdin() : outcome.stdout();
            byte[] err = outcome.stderr();
            if (out.length > 0) {
                stdout.writeBytes(out);
                request.listener().onStdout(out);
            }
            if (err.length > 0) {
                stderr.writeBytes(err);
                request.listener().onStderr(err);
            }
        }
        request.listener().onEnd();
        int limit = request.outputLimit();
        byte[] out = stdout.toByteArray();
        byte[] err = stderr.toByteArray();
        result.complete(new ExecResult(exitCode, Arrays.copyOf(out, Math.min(limit, out.length)),
                Arrays.copyOf(err, Math.min(limit, err.length)), Duration.ofNanos(System.nanoTime() - startedNanos),
                out.length > limit || err.length > limit, timedOut));
    }
}
