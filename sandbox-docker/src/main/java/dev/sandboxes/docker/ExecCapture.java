package dev.sandboxes.docker;

import dev.sandboxes.exec.ExecListener;
import dev.sandboxes.exec.ExecRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where a command's output goes as it arrives: to the caller's listener, and into the captures its
 * result will hold, each capped at the request's output limit.
 */
final class ExecCapture {

    /** Enough of stdout to recognise the runtime's own error, whatever the output limit. */
    private static final int HEAD_BYTES = 1024;

    private final ExecRequest request;
    private final CappedBuffer stdout;
    private final CappedBuffer stderr;
    private final CappedBuffer stdoutHead = new CappedBuffer(HEAD_BYTES);

    ExecCapture(ExecRequest request) {
        this.request = request;
        this.stdout = new CappedBuffer(request.outputLimit());
        this.stderr = new CappedBuffer(request.outputLimit());
    }

    /**
     * Keeps and hands on one chunk; the listener gets a copy of its own.
     *
     * @throws ListenerFailedException when the listener throws
     */
    void deliver(boolean toStderr, byte[] chunk, int length) {
        ExecListener listener = request.listener();
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

    /** What has been kept so far, for the result. */
    ExecOutcome.Output output() {
        return new ExecOutcome.Output(stdout.bytes(), stderr.bytes(),
                new String(stdoutHead.bytes(), StandardCharsets.UTF_8), stdout.truncated() || stderr.truncated());
    }
}
