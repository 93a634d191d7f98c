package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectExecResponse;
import dev.sandboxes.ExecHandle;
import dev.sandboxes.ExecListener;
import dev.sandboxes.ExecRequest;
import dev.sandboxes.ExecResult;
import dev.sandboxes.SandboxException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * One running exec: pumps its stream into the listener and the capped captures, feeds its standard
 * input, enforces its timeout by killing it, and completes its result once the output has drained
 * and the engine knows the exit code.
 */
final class ExecSession implements ExecHandle {

    /** The runtime's words when a command is not in the image (it answers 126 with this on stdout). */
    private static final String NOT_FOUND = "executable file not found";
    private static final String NO_SUCH_FILE = "no such file or directory";
    private static final int FRAME_HEADER = 8;

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
    private final CompletableFuture<ExecResult> result = new CompletableFuture<>();
    private final AtomicBoolean timedOut = new AtomicBoolean();
    private volatile ScheduledFuture<?> timeout;

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
        scheduleTimeout(scheduler);
        request.stdin().ifPresent(bytes -> threads.execute(() -> feed(bytes)));
        threads.execute(this::pump);
    }

    /**
     * Starts through docker-java instead, for engines behind TLS, whose sockets cannot half-close:
     * output and exit code work the same; standard input is not available there.
     */
    void beginThroughDockerJava(ScheduledExecutorService scheduler) {
        scheduleTimeout(scheduler);
        ExecListener listener = request.listener();
        client.execStartCmd(execId).withTty(request.tty()).exec(new QuietCallback<com.github.dockerjava.api.model.Frame>() {
            @Override
            public void onNext(com.github.dockerjava.api.model.Frame frame) {
                byte[] payload = frame.getPayload();
                deliver(listener, frame.getStreamType() == com.github.dockerjava.api.model.StreamType.STDERR, payload, payload.length);
            }

            @Override
            public void onComplete() {
                super.onComplete();
                listener.onEnd();
                try {
                    result.complete(finish());
                } catch (RuntimeException e) {
                    result.completeExceptionally(errors.translate("finish " + request.argv().get(0), e));
                }
                cancelTimeout();
            }

            @Override
            public void onError(Throwable throwable) {
                super.onError(throwable);
                result.completeExceptionally(new SandboxException("The connection to the Docker engine broke while "
                        + request.argv().get(0) + " ran in sandbox " + containerId + ": " + throwable, throwable));
                cancelTimeout();
            }
        });
    }

    private void scheduleTimeout(ScheduledExecutorService scheduler) {
        request.timeout().ifPresent(limit -> timeout = scheduler.schedule(() -> {
            timedOut.set(true);
            kill();
        }, limit.toNanos(), TimeUnit.NANOSECONDS));
    }

    private void cancelTimeout() {
        ScheduledFuture<?> pending = timeout;
        if (pending != null) {
            pending.cancel(false);
        }
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
                connection.write(new byte[] {(byte) b});
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                connection.write(b, off, len);
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
    public Optional<ExecResult> waitFor(Duration limit) {
        try {
            return Optional.of(result.get(limit.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException stillRunning) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("Interrupted while waiting for " + request.argv().get(0), e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SandboxException sandboxException ? sandboxException
                    : new SandboxException("The command " + request.argv().get(0) + " failed to run: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void kill() {
        killer.kill(containerId, tag, request.user());
    }

    @Override
    public void resizeTerminal(int columns, int rows) {
        if (!request.tty()) {
            throw new IllegalStateException("This command has no terminal to resize: ask for one with ExecRequest.withTty(true).");
        }
        errors.run("resize the terminal of " + request.argv().get(0),
                () -> client.resizeExecCmd(execId).withSize(rows, columns).exec());
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
            listener.onEnd();
            result.complete(finish());
        } catch (IOException e) {
            result.completeExceptionally(new SandboxException("The connection to the Docker engine broke while "
                    + request.argv().get(0) + " ran in sandbox " + containerId + ": " + e.getMessage()
                    + ". The command may still be running.", e));
        } catch (RuntimeException e) {
            result.completeExceptionally(errors.translate("finish " + request.argv().get(0) + " in sandbox " + containerId, e));
        } finally {
            connection.close();
            cancelTimeout();
        }
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
                    throw new java.io.EOFException("The exec stream ended inside a frame");
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
        byte[] copy = java.util.Arrays.copyOf(chunk, length);
        if (toStderr) {
            stderr.write(chunk, 0, length);
            listener.onStderr(copy);
        } else {
            stdout.write(chunk, 0, length);
            listener.onStdout(copy);
        }
    }

    /** The exit code, read only now that the output has drained. */
    private ExecResult finish() {
        Long exitCode = exitCode();
        byte[] out = stdout.bytes();
        byte[] err = stderr.bytes();
        int code = exitCode.intValue();
        String text = new String(out, StandardCharsets.UTF_8);
        if (code == 126 && (text.contains(NOT_FOUND) || text.contains(NO_SUCH_FILE)) && text.startsWith("OCI runtime exec failed")) {
            // The command is not in the image: say so as shells do, on stderr with 127.
            code = 127;
            err = (request.argv().get(0) + ": command not found (" + text.strip() + ")\n").getBytes(StandardCharsets.UTF_8);
            out = new byte[0];
        }
        return new ExecResult(code, out, err, Duration.ofNanos(System.nanoTime() - startedNanos),
                stdout.truncated() || stderr.truncated(), timedOut.get());
    }

    private Long exitCode() {
        for (int attempt = 0; attempt < 400; attempt++) {
            InspectExecResponse exec = errors.call("read the exit code of " + request.argv().get(0),
                    () -> client.inspectExecCmd(execId).exec());
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
        throw new SandboxException("The output of " + request.argv().get(0) + " in sandbox " + containerId
                + " ended, but the engine reports it still running: its exit status is unknown.");
    }
}
