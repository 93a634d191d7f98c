package dev.sandboxes.docker;

import java.io.ByteArrayOutputStream;

/** Keeps the first {@code limit} bytes of a stream and remembers whether more came. */
final class CappedBuffer {

    private final int limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean truncated;

    CappedBuffer(int limit) {
        this.limit = limit;
    }

    synchronized void write(byte[] chunk, int offset, int length) {
        int room = limit - bytes.size();
        if (length > room) {
            truncated = true;
        }
        bytes.write(chunk, offset, Math.max(0, Math.min(room, length)));
    }

    synchronized byte[] bytes() {
        return bytes.toByteArray();
    }

    synchronized boolean truncated() {
        return truncated;
    }
}
