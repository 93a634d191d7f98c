package dev.sandboxes.docker;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A socket of our own to the engine, for one exec's stream ({@link ExecHijack} starts it): the
 * process's output comes one way, its standard input goes the other. docker-java's own Unix socket
 * ignores {@code shutdownOutput()}, so a process reading stdin never sees end-of-file through it; a
 * JDK {@link SocketChannel} half-closes.
 *
 * <p>Reads and writes go straight to the channel, from two threads: the JDK's channel streams would
 * serialise them on one lock, and a process waiting for input would wait forever.
 */
final class ExecConnection implements Closeable {

    private final SocketChannel channel;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024).flip();
    private final InputStream output = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return ExecConnection.this.read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            return ExecConnection.this.read(target, offset, length);
        }
    };

    private ExecConnection(SocketChannel channel) {
        this.channel = channel;
    }

    /** Connects to the engine's Unix socket or TCP port; nothing is sent yet. */
    static ExecConnection open(DockerEndpoint endpoint) throws IOException {
        return new ExecConnection(endpoint.socketPath().isPresent()
                ? SocketChannel.open(UnixDomainSocketAddress.of(endpoint.socketPath().get()))
                : SocketChannel.open(new InetSocketAddress(endpoint.host().getHost(), endpoint.host().getPort())));
    }

    /** What the engine sends, as it arrives; closing it does nothing (close the connection). */
    InputStream output() {
        return output;
    }

    /** Reads up to {@code length} bytes; -1 at the end of the stream. */
    private int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int count = Math.min(length, readBuffer.remaining());
        readBuffer.get(target, offset, count);
        return count;
    }

    /** Writes all of it, however many partial writes that takes. */
    void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** End-of-file for the process's standard input; its output keeps coming. */
    void closeStdin() throws IOException {
        if (channel.isOpen()) {
            channel.shutdownOutput();
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a broken connection: nothing more to release.
        }
    }

    private boolean fill() throws IOException {
        while (!readBuffer.hasRemaining()) {
            readBuffer.clear();
            int read = channel.read(readBuffer);
            readBuffer.flip();
            if (read < 0) {
                return false;
            }
        }
        return true;
    }
}
