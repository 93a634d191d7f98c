package dev.sandboxes.testkit;

import dev.sandboxes.ExecHandle;
import dev.sandboxes.ExecRequest;
import dev.sandboxes.ExecResult;
import dev.sandboxes.SandboxException;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A command of the in-memory runtime, playing out its script's outcome on a timer. */
final class ScriptedExec implements ExecHandle {

    private static final ScheduledExecutorService TIMER = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "in-memory-exec");
        thread.setDaemon(true);
        return thread;
    });

    private final ExecRequest request;
    private final ExecScript.Outcome outcome;
    private final long startedNanos = System.nanoTime();
    private final ByteArrayOutputStream stdin = new ByteArrayOutputStream();
    private final CompletableFuture<ExecResult> result = new CompletableFuture<>();
    private final List<String> lines;
    private int linesDelivered;

    ScriptedExec(ExecRequest request, ExecScript.Outcome outcome) {
        this.request = request;
        this.outcome = outcome;
        request.stdin().ifPresent(stdin::writeBytes);
        this.lines = outcome.streamedLines();
        long lineNanos = outcome.lineInterval().toNanos();
        for (int i = 0; i < lines.size(); i++) {
            int upTo = i + 1;
            TIMER.schedule(() -> deliverLines(upTo), lineNanos * upTo, TimeUnit.NANOSECONDS);
        }
        long endNanos = Math.max(outcome.delay().toNanos(), lineNanos * lines.size());
        boolean timesOut = request.timeout().map(limit -> limit.toNanos() < endNanos).orElse(false);
        if (timesOut) {
            TIMER.schedule(() -> end(137, true), request.timeout().get().toNanos(), TimeUnit.NANOSECONDS);
        } else if (!request.stdinOpen()) {
            TIMER.schedule(() -> end(outcome.exitCode(), false), endNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public OutputStream stdin() {
        if (!request.stdinOpen()) {
            throw new IllegalStateException("This command's standard input is not open: ask for it with ExecRequest.withStdinOpen().");
        }
        return new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (stdin) {
                    stdin.write(b);
                }
            }

            @Override
            public void close() {
                end(outcome.exitCode(), false);
            }
        };
    }

    @Override
    public CompletableFuture<ExecResult> result() {
        return result;
    }

    @Override
    public void kill() {
        end(137, false);
    }

    @Override
    public void resizeTerminal(int columns, int rows) {
        if (!request.tty()) {
            throw new IllegalStateException("This command has no terminal to resize: ask for one with ExecRequest.withTty(true).");
        }
    }

    /** Lines in order, each once, whichever timer task gets there first. */
    private synchronized void deliverLines(int upTo) {
        while (linesDelivered < upTo && !result.isDone()) {
            request.listener().onStdout((lines.get(linesDelivered++) + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private synchronized void end(int exitCode, boolean timedOut) {
        if (result.isDone()) {
            return;
        }
        if (exitCode != 137) {
            deliverLines(lines.size());
        }
        byte[] out;
        synchronized (stdin) {
            out = outcome.echoStdin() ? stdin.toByteArray() : outcome.stdout();
        }
        byte[] err = outcome.stderr();
        if (exitCode != 137) {
            // A killed command prints nothing more.
            if (out.length > 0) {
                request.listener().onStdout(out);
            }
            if (err.length > 0) {
                request.listener().onStderr(err);
            }
        } else {
            out = new byte[0];
            err = new byte[0];
        }
        request.listener().onEnd();
        int limit = request.outputLimit();
        boolean truncated = out.length > limit || err.length > limit;
        result.complete(new ExecResult(exitCode, Arrays.copyOf(out, Math.min(limit, out.length)),
                Arrays.copyOf(err, Math.min(limit, err.length)), Duration.ofNanos(System.nanoTime() - startedNanos),
                truncated, timedOut));
    }
}
