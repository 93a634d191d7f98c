package dev.sandboxes.docker;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits an exec's output stream into what the command wrote to stdout and to stderr. Without a
 * terminal the engine multiplexes both on one stream in frames: an 8-byte header (the stream, three
 * zero bytes, the payload's length as a big-endian unsigned int) before each payload. With a
 * terminal there is one raw stream, all of it the terminal's output.
 *
 * <p>Payloads are handed on in chunks as they arrive, never gathered whole (docker-java's
 * {@code FrameReader} does that): a frame can be megabytes, and a listener wants output while the
 * command still runs.
 */
final class ExecStreamDecoder {

    /** The largest chunk handed on at once. */
    static final int CHUNK = 64 * 1024;
    private static final int HEADER = 8;
    /** The stream byte of stderr; 3 is the engine's own error output, which is stderr to a caller too. */
    private static final int STDERR = 2;
    private static final int SYSTEM_ERR = 3;

    /** Receives output; {@code chunk} is reused after the call returns. */
    interface Sink {
        void accept(boolean toStderr, byte[] chunk, int length);
    }

    private ExecStreamDecoder() {
    }

    /**
     * Reads {@code stream} to its end.
     *
     * @throws EOFException when the stream ends inside a frame: the connection was cut
     */
    static void decode(InputStream stream, boolean tty, Sink sink) throws IOException {
        if (tty) {
            raw(stream, sink);
        } else {
            multiplexed(stream, sink);
        }
    }

    private static void raw(InputStream stream, Sink sink) throws IOException {
        byte[] chunk = new byte[CHUNK];
        int read;
        while ((read = stream.read(chunk, 0, chunk.length)) >= 0) {
            sink.accept(false, chunk, read);
        }
    }

    private static void multiplexed(InputStream stream, Sink sink) throws IOException {
        byte[] header = new byte[HEADER];
        byte[] chunk = new byte[CHUNK];
        while (readHeader(stream, header)) {
            boolean toStderr = header[0] == STDERR || header[0] == SYSTEM_ERR;
            long left = payloadLength(header);
            while (left > 0) {
                int read = stream.read(chunk, 0, (int) Math.min(chunk.length, left));
                if (read < 0) {
                    throw cutInsideFrame();
                }
                sink.accept(toStderr, chunk, read);
                left -= read;
            }
        }
    }

    /** The header's last four bytes; unsigned, as the engine writes them. */
    static long payloadLength(byte[] header) {
        return ((header[4] & 0xffL) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
    }

    /** Reads a whole header, however many reads it takes; false at the end of the stream, before one. */
    private static boolean readHeader(InputStream stream, byte[] header) throws IOException {
        int done = 0;
        while (done < header.length) {
            int read = stream.read(header, done, header.length - done);
            if (read < 0) {
                if (done == 0) {
                    return false;
                }
                throw cutInsideFrame();
            }
            done += read;
        }
        return true;
    }

    private static EOFException cutInsideFrame() {
        return new EOFException("The exec stream ended inside a frame");
    }
}
