package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.sandboxes.ExecHandle;
import dev.sandboxes.ExecListener;
import dev.sandboxes.ExecRequest;
import dev.sandboxes.ExecResult;
import dev.sandboxes.RuntimeUnavailableException;
import dev.sandboxes.SandboxException;
import dev.sandboxes.SandboxNotFoundException;
import dev.sandboxes.SandboxStateException;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running exec: pumps its stream into the listener and the capped captures, feeds its standard
 * input, enforces its timeout by killing it, and completes its result once the output has drained
 * and the engine knows the exit code.
 */
final class ExecSession implements ExecHandle {

    /** How long a killed command may take to go before its result is given up on. */
    static final Duration KILL_GRACE = Duration.ofSeconds(10);
    private static final int FRAME_HEADER = 8;
    /** Enough of stdout to recognise the runtime's own error, whatever the output limit. */
    private static final int HEAD_BYTES = 1024;

    private final String containerId;
    private final String execId;
    private final String tag;
    private final ExecRequest request;
    private final ExecConnection connection;
    private final DockerClient client;
    private final DockerErrors errors;
    private final ExecKiller killer;
    private final long startedNanos;
    private final CappedBuffer stdout;
    private final CappedBuffer stderr;
    private final CappedBuffer stdoutHead = new CappedBuffer(HEAD_BYTES);
    private final CompletableFuture<ExecResult> result = new CompletableFuture<>();
    private final AtomicBoolean timedOut = new AtomicBoolean();
    private final AtomicBoolean killed = new AtomicBoolean();
    private volatile ScheduledFuture<?> timeout;
    private volatile Executor threads;
    private volatile ScheduledExecutorService scheduler;

    ExecSession(String containerId, String execId, String tag, ExecRequest request, ExecConnection connection,
                DockerClient client, DockerErrors errors, ExecKiller killer, long startedNanos) {
        this.containerId = containerId;
        this.execId = execId;
        this.tag = tag;
        this.request = request;
        this.connection = connection;
        this.client = client;
        this.errors = errors;
        this.killer = killer;
        this.startedNanos = startedNanos;
        this.stdout = new CappedBuffer(request.outputLimit());
        this.stderr = new CappedBuffer(request.outputLimit());
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
        errors.run("start " + request.argv().get(0) + " in sandbox " + containerId, () ->
                client.execStartCmd(execId).withTty(request.tty()).exec(new QuietCallback<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        byte[] payload = frame.getPayload();
                        try {
                            deliver(listener, frame.getStreamType() == StreamType.STDERR, payload, payload.length);
                        } catch (ListenerFailedException e) {
                            fail(e);
                            closeQuietly();
                        }
                    }

                    @Override
                    public void onComplete() {
                        super.onComplete();
                        complete(listener);
                    }

                    @Override
                    public void onError(Throwable throwable) {
                        super.onError(throwable);
                        fail(new SandboxException("The connection to the Docker engine broke while "
                                + request.argv().get(0) + " ran in sandbox " + containerId + ": " + throwable, throwable));
                    }
                }));
    }

    @Override
    public OutputStream stdin() {
        if (!request.stdinOpen() || connection == null) {
            throw new IllegalStateException("This command's standard input is not open: ask for it with"
                    + " ExecRequest.withStdinOpen() (or give all of it with withStdin(...)).");
        }
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    connection.write(b, off, len);
                } catch (IOException e) {
                    throw new IOException("The command " + request.argv().get(0) + " no longer reads its input: it has ended.", e);
                }
            }

            @Override
            public void close() throws IOException {
                connection.closeStdin();
            }
        };
    }

    @Override
    public CompletableFuture<ExecResult> result() {
        return result;
    }

    @Override
    public void kill() {
        killed.set(true);
        killer.kill(containerId, tag, List.of(request.user(), Optional.of("root")));
        // Should the kill not reach it (the sandbox's tools missing, the engine gone), the caller
        // still gets an answer: the result is given up on after a grace time.
        ScheduledExecutorService timer = scheduler;
        if (timer != null && !result.isDone()) {
            timer.schedule(this::abandon, KILL_GRACE.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void resizeTerminal(int columns, int rows) {
        if (!request.tty()) {
            throw new IllegalStateException("This command has no terminal to resize: ask for one with ExecRequest.withTty(true).");
        }
        errors.run("resize the terminal of " + request.argv().get(0),
                () -> client.resizeExecCmd(execId).withSize(rows, columns).exec());
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
            return Boolean.TRUE.equals(client.inspectExecCmd(execId).exec().isRunning());
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
        String note = "\n[sandboxes] " + request.argv().get(0) + " did not end within " + KILL_GRACE
                + " of being killed; it may still be running in sandbox " + containerId + ".\n";
        byte[] err = concat(stderr.bytes(), note.getBytes(StandardCharsets.UTF_8));
        result.complete(new ExecResult(137, stdout.bytes(), err, elapsed(), stdout.truncated() || stderr.truncated(),
                timedOut.get()));
    }

    private void feed(byte[] bytes) {
        try {
            connection.write(bytes);
            connection.closeStdin();
        } catch (IOException e) {
            // The process ended before reading all of it (as `head` does): not an error of ours.
        }
    }

    /** Reads the stream to its end, then completes the result. */
    private void pump() {
        ExecListener listener = request.listener();
        try {
            if (request.tty()) {
                pumpRaw(listener);
            } else {
                pumpFrames(listener);
            }
            complete(listener);
        } catch (ListenerFailedException e) {
            kill();
            fail(e);
        } catch (IOException e) {
            fail(new SandboxException("The connection to the Docker engine broke while " + request.argv().get(0)
                    + " ran in sandbox " + containerId + ": " + e.getMessage() + ". The command may still be running.", e));
        } finally {
            closeQuietly();
            cancelTimeout();
        }
    }

    private void complete(ExecListener listener) {
        try {
            listener.onEnd();
            result.complete(finish());
        } catch (SandboxException e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(new ListenerFailedException(request, e));
        }
        cancelTimeout();
    }

    private void fail(SandboxException e) {
        result.completeExceptionally(e);
    }

    /** Without a terminal the engine multiplexes: 8-byte headers (stream, 0, 0, 0, size) before each chunk. */
    private void pumpFrames(ExecListener listener) throws IOException {
        byte[] header = new byte[FRAME_HEADER];
        byte[] payload = new byte[64 * 1024];
        while (connection.readFully(header, FRAME_HEADER)) {
            int size = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
            boolean toStderr = header[0] == 2 || header[0] == 3;
            int left = size;
            while (left > 0) {
                int read = connection.read(payload, 0, Math.min(payload.length, left));
                if (read < 0) {
                    throw new EOFException("The exec stream ended inside a frame");
                }
                deliver(listener, toStderr, payload, read);
                left -= read;
            }
        }
    }

    /** With a terminal there is one raw stream. */
    private void pumpRaw(ExecListener listener) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        int read;
        while ((read = connection.read(chunk, 0, chunk.length)) >= 0) {
            deliver(listener, false, chunk, read);
        }
    }

    private void deliver(ExecListener listener, boolean toStderr, byte[] chunk, int length) {
        byte[] copy = Arrays.copyOf(chunk, length);
        try {
            if (toStderr) {
                stderr.write(chunk, 0, length);
                listener.onStderr(copy);
            } else {
                stdout.write(chunk, 0, length);
                stdoutHead.write(chunk, 0, length);
                listener.onStdout(copy);
            }
        } catch (RuntimeException e) {
            throw new ListenerFailedException(request, e);
        }
    }

    /** The exit code, read only now that the output has drained. */
    private ExecResult finish() {
        int code = exitCode().intValue();
        byte[] out = stdout.bytes();
        byte[] err = stderr.bytes();
        if (code == 126 && notFound(new String(stdoutHead.bytes(), StandardCharsets.UTF_8))) {
            // The program is not in the image: say so as shells do, on stderr with 127.
            code = 127;
            err = (request.argv().get(0) + ": command not found ("
                    + new String(stdoutHead.bytes(), StandardCharsets.UTF_8).strip() + ")\n").getBytes(StandardCharsets.UTF_8);
            out = new byte[0];
        }
        if (code == 126 && runtimeRefused(new String(stdoutHead.bytes(), StandardCharsets.UTF_8)) && !sandboxRunning()) {
            // Not the command's status: the engine could not start it in a sandbox going down.
            throw new SandboxStateException("Sandbox " + containerId + " could not start " + request.argv().get(0)
                    + ": " + new String(stdoutHead.bytes(), StandardCharsets.UTF_8).strip());
        }
        if (code > 128 && !killed.get()) {
            failIfTheSandboxWentAway();
        }
        return new ExecResult(code, out, err, elapsed(), stdout.truncated() || stderr.truncated(), timedOut.get());
    }

    /** Whether the sandbox still runs; a nested {@code docker exec} into another container prints the same words. */
    private boolean sandboxRunning() {
        try {
            return Boolean.TRUE.equals(client.inspectContainerCmd(containerId).exec().getState().getRunning());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The runtime's words for a command it could not start because the sandbox was going down; a
     * command's own output never begins so. (A missing working folder stays the caller's 126.)
     */
    private static boolean runtimeRefused(String head) {
        return head.startsWith("OCI runtime exec failed") && (head.contains("stopped state") || head.contains("not running"));
    }

    /** The runtime's words for a program missing from the image, and only those (not a missing folder). */
    private boolean notFound(String head) {
        String program = request.argv().get(0);
        return head.startsWith("OCI runtime exec failed")
                && (head.contains("exec: \"" + program + "\": executable file not found")
                || head.contains("exec: \"" + program + "\": stat " + program + ": no such file or directory"));
    }

    /**
     * A signal that nobody here sent: was the sandbox stopped or removed under the command, or did
     * the engine itself go? The engine notes a stop a moment after the kernel has ended the
     * processes, so it is asked a few times over a short while.
     */
    private void failIfTheSandboxWentAway() {
        for (int attempt = 0; attempt < 6; attempt++) {
            InspectContainerResponse container;
            try {
                container = client.inspectContainerCmd(containerId).exec();
            } catch (NotFoundException gone) {
                throw new SandboxNotFoundException("Sandbox " + containerId + " was removed while " + request.argv().get(0)
                        + " ran in it.");
            } catch (RuntimeException e) {
                SandboxException failure = errors.translate("check sandbox " + containerId + " after "
                        + request.argv().get(0) + " ended by a signal", e);
                if (failure instanceof RuntimeUnavailableException) {
                    throw failure;  // the engine went away, and took the command with it
                }
                return;
            }
            if (!Boolean.TRUE.equals(container.getState().getRunning())) {
                throw new SandboxStateException("Sandbox " + containerId + " was stopped while " + request.argv().get(0)
                        + " ran in it. Open its workspace again to start it.");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Long exitCode() {
        int lost = 0;
        for (int attempt = 0; attempt < 400; attempt++) {
            InspectExecResponse exec;
            try {
                exec = errors.call("read the exit code of " + request.argv().get(0), () -> client.inspectExecCmd(execId).exec());
            } catch (dev.sandboxes.RuntimeUnavailableException cut) {
                // The cut that ended the stream can have closed the pooled connection this asks on too:
                // the next attempts get new ones. If those fail as well, the engine is gone.
                if (++lost < 3) {
                    continue;
                }
                throw new SandboxException("The connection to the Docker engine ended while " + request.argv().get(0)
                        + " ran in sandbox " + containerId + ", and the engine no longer answers: its output may be cut"
                        + " short and its exit status is unknown. " + cut.getMessage(), cut);
            }
            if (!Boolean.TRUE.equals(exec.isRunning()) && exec.getExitCodeLong() != null) {
                return exec.getExitCodeLong();
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // The stream ends before the command only when the connection to the engine was cut.
        throw new SandboxException("The connection to the Docker engine ended while " + request.argv().get(0)
                + " ran in sandbox " + containerId + ", and the engine still reports it running: its output may be"
                + " cut short and its exit status is unknown. It may still be running there.");
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

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** The caller's listener threw: its own failure, reported as such, and the command is killed. */
    private static final class ListenerFailedException extends SandboxException {
        ListenerFailedException(ExecRequest request, RuntimeException cause) {
            super("The output listener of " + request.argv().get(0) + " threw " + cause + "; the command was killed.", cause);
        }
    }
}
