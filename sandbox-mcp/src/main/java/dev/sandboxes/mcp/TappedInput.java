package dev.sandboxes.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * The stdio transport's input, one JSON-RPC message per line, passed through a {@link JsonRpcTap}
 * before the SDK reads it; end of input is signalled, since the SDK's stdio transport does not
 * tell its server when the client has gone.
 */
final class TappedInput extends InputStream {

    static final String CHANNEL = "stdio";

    private final InputStream in;
    private final JsonRpcTap tap;
    private final CountDownLatch ended = new CountDownLatch(1);
    private byte[] pending = new byte[0];
    private int position;

    TappedInput(InputStream in, JsonRpcTap tap) {
        this.in = in;
        this.tap = tap;
    }

    /** Waits for the end of input. */
    void awaitEnd() throws InterruptedException {
        ended.await();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == pending.length && !nextLine()) {
            return -1;
        }
        int n = Math.min(length, pending.length - position);
        System.arraycopy(pending, position, buffer, offset, n);
        position += n;
        return n;
    }

    private boolean nextLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            ended.countDown();
            return false;
        }
        String message = tap.inbound(CHANNEL, line.toString(StandardCharsets.UTF_8)).message();
        pending = (message + "\n").getBytes(StandardCharsets.UTF_8);
        position = 0;
        return true;
    }
}
