package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectExecResponse;
import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.exec.ExecHandle;
import dev.sandboxes.exec.ExecListener;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running exec, the handle its caller holds: pumps its stream (from a hijacked connection, or
 * through docker-java) into the {@link ExecCapture}, feeds its standard input, enforces its timeout
 * by killing it, and completes its result once the output has drained and the engine knows the exit
 * code; {@link ExecOutcome} decides what that result is.
 */
final class ExecSession implements ExecHandle {

    /** How long a killed command may take to go before its result is given up on. */
    static final Duration KILL_GRACE = Duration.ofSeconds(10);
    /** How long a kill looks for the processes of a command that has only just started. */
    static final Duration KILL_SEARCH = Duration.ofSeconds(3);
    private static final Duration KILL_SEARCH_PAUSE = Duration.ofMillis(50);

    private final String containerId;
    private final String execId;
    private final String tag;
    private final ExecRequest request;
    private final String program;
    private final ExecConnection connection;
    private final DockerClient client;
    private final DockerErrors errors;
    private final ExecKiller killer;
    private final long startedNanos;
    private final ExecCapture capture;
    private final ExecOutcome outcome;
    private final SandboxWatch sandbox;
    private final CompletableFuture<ExecResult> result = new CompletableFuture<>();
    private final AtomicBoolean timedOut = new AtomicBoolean();
    private final AtomicBoolean killed = new AtomicBoolean();
    private volatile ScheduledFuture<?> timeout;
    private volatile Executor threads;
    private volatile ScheduledExecutorService scheduler;

    /** @param connection the hijacked stream; null when the exec starts through docker-java */
    ExecSession(String containerId, String execId, String tag, ExecRequest request, ExecConnection connection,
                DockerClient client, DockerErrors errors, ExecKiller killer, long startedNanos) {
        this.containerId = containerId;
        this.execId = execId;
        this.tag = tag;
        this.request = request;
        this.program = request.argv().get(0);
        this.connection = connection;
        this.client = client;
        this.errors = errors;
        this.killer = killer;
        this.startedNanos = startedNanos;
        this.capture = new ExecCapture(request);
        this.outcome = new ExecOutcome(containerId, program);
        this.sandbox = new SandboxWatch(containerId, program,
                () -> Boolean.TRUE.equals(client.inspectContainerCmd(containerId).exec().getState().getRunning()), errors);
    }

    /** Starts pumping output and feeding input, on the runtime's threads. */
    void begin(Executor threads, ScheduledExecutorService scheduler) {
        this.threads = threads;
        this.scheduler = scheduler;
        scheduleTimeout();
        request.stdin().ifPresent(bytes -> threads.execute(() -> feed(bytes)));
        threads.execute(this::pump);
    }

    /**
     * Starts through docker-java instead, for engines behind TLS, whose sockets cannot half-close:
     * output and exit code work the same; standard input is not available there.
     */
    void beginThroughDockerJava(Executor threads, ScheduledExecutorService scheduler) {
        this.threads = threads;
        this.scheduler = scheduler;
        scheduleTimeout();
        ExecListener listener = request.listener();
        errors.run("start " + program + " in sandbox " + containerId, () ->
                client.execStartCmd(execId).withTty(request.tty()).exec(new DockerJavaExecStream(capture,
                        () -> complete(listener), this::fail, error -> settle(new ExecEnding.StreamFailed(error)))));
    }

    @Override
    public OutputStream stdin() {
        if (!request.stdinOpen() || connection == null) {
            throw new IllegalStateException("This command's standard input is not open: ask for it with"
                    + " ExecRequest.withStdinOpen() (or give all of it with withStdin(...)).");
        }
        return new ExecStdin(connection, program);
    }

    @Override
    public CompletableFuture<ExecResult> result() {
        return result;
    }

    @Override
    public void kill() {
        killed.set(true);
        // A command killed as it starts may have no process yet (the engine starts it a moment
        // after it answers): look again, until it has one, ends, or the search's time is up.
        long searchEnd = System.nanoTime() + KILL_SEARCH.toNanos();
        while (!killer.kill(containerId, tag, List.of(request.user(), Optional.of("root")))
                && !result.isDone() && System.nanoTime() < searchEnd && !Thread.currentThread().isInterrupted()) {
            awaitResult(KILL_SEARCH_PAUSE);
        }
        // Should the kill not reach it (the sandbox's tools missing, the engine gone), the caller
        // still gets an answer: the result is given up on after a grace time.
        ScheduledExecutorService timer = scheduler;
        if (timer != null && !result.isDone()) {
            timer.schedule(this::abandon, KILL_GRACE.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Waits up to this long for the result, returning early when it comes. */
    private void awaitResult(Duration pause) {
        try {
            result.get(pause.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException stillRunningOrFailed) {
            // Either way the loop looks again (or stops, the result being done).
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void resizeTerminal(int columns, int rows) {
        if (!request.tty()) {
            throw new IllegalStateException("This command has no terminal to resize: ask for one with ExecRequest.withTty(true).");
        }
        errors.run("resize the terminal of " + program, () -> client.resizeExecCmd(execId).withSize(rows, columns).exec());
    }

    private void scheduleTimeout() {
        request.timeout().ifPresent(limit -> timeout = scheduler.schedule(
                () -> threads.execute(this::expire), limit.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** The timeout is up: kill the command, if it is still running (it may have just ended). */
    private void expire() {
        if (result.isDone() || !stillRunning()) {
            return;
        }
        timedOut.set(true);
        kill();
    }

    private boolean stillRunning() {
        try {
            return inspectExec().running();
        } catch (RuntimeException e) {
            return true;  // cannot tell: act as if it runs
        }
    }

    /** The kill did not end the stream in time: answer the caller, and say the command may live on. */
    private void abandon() {
        if (result.isDone()) {
            return;
        }
        closeQuietly();
        settle(new ExecEnding.KillUnanswered(KILL_GRACE));
    }

    private void feed(byte[] bytes) {
        try {
            connection.write(bytes);
            connection.closeStdin();
        } catch (IOException e) {
            // The process ended before reading all of it (as `head` does): not an error of ours.
        }
    }

    /** Reads the hijacked stream to its end, then completes the result. */
    private void pump() {
        try {
            ExecStreamDecoder.decode(connection.output(), request.tty(), capture::deliver);
            complete(request.listener());
        } catch (ListenerFailedException e) {
            kill();
            fail(e);
        } catch (IOException e) {
            settle(new ExecEnding.StreamBroke(e));
        } finally {
            closeQuietly();
            cancelTimeout();
        }
    }

    /** The output has drained: the exit code, read only now, decides the result. */
    private void complete(ExecListener listener) {
        try {
            listener.onEnd();
            settle(new ExitCodePoller(this::inspectExec, errors, program).await());
        } catch (SandboxException e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(new ListenerFailedException(request, e));
        }
        cancelTimeout();
    }

    private void settle(ExecEnding ending) {
        ExecOutcome.Facts facts = new ExecOutcome.Facts(capture.output(), killed.get(), timedOut.get(), elapsed());
        try {
            result.complete(outcome.classify(ending, facts, sandbox));
        } catch (SandboxException e) {
            fail(e);
        }
    }

    private void fail(SandboxException e) {
        result.completeExceptionally(e);
    }

    private ExitCodePoller.ExecState inspectExec() {
        InspectExecResponse exec = client.inspectExecCmd(execId).exec();
        return new ExitCodePoller.ExecState(Boolean.TRUE.equals(exec.isRunning()), exec.getExitCodeLong());
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private void cancelTimeout() {
        ScheduledFuture<?> pending = timeout;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    private void closeQuietly() {
        if (connection != null) {
            connection.close();
        }
    }
}
