package dev.sandboxes.docker;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One exec's stream, hijacked from the engine on a socket of our own: {@code POST /exec/{id}/start}
 * with {@code Upgrade: tcp}, after which the connection carries the process's output one way and
 * its standard input the other. docker-java's own Unix socket ignores {@code shutdownOutput()}, so
 * a process reading stdin never sees end-of-file through it; a JDK {@link SocketChannel} half-closes.
 *
 * <p>Reads and writes go straight to the channel, from two threads: the JDK's channel streams would
 * serialise them on one lock, and a process waiting for input would wait forever.
 */
final class ExecConnection implements Closeable {

    private final SocketChannel channel;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024).flip();

    private ExecConnection(SocketChannel channel) {
        this.channel = channel;
    }

    /** Whether this endpoint can be hijacked here: a Unix socket or plain TCP (TLS cannot half-close). */
    static boolean supports(DockerEndpoint endpoint) {
        return endpoint.isUnixSocket() || endpoint.tlsCertPath().isEmpty();
    }

    /**
     * Starts the exec and takes over its stream.
     *
     * @throws ExecStartRefusedException when the engine answers with an error status
     */
    static ExecConnection start(DockerEndpoint endpoint, String apiVersion, String execId, boolean tty) throws IOException {
        SocketChannel channel = endpoint.socketPath().isPresent()
                ? SocketChannel.open(UnixDomainSocketAddress.of(endpoint.socketPath().get()))
                : SocketChannel.open(tcpAddress(endpoint.host()));
        ExecConnection connection = new ExecConnection(channel);
        try {
            String body = "{\"Detach\":false,\"Tty\":" + tty + "}";
            connection.write(("POST /v" + apiVersion + "/exec/" + execId + "/start HTTP/1.1\r\n"
                    + "Host: docker\r\nContent-Type: application/json\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            connection.readResponseHead();
            return connection;
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Reads up to {@code length} bytes of the stream; -1 at its end. */
    int read(byte[] target, int offset, int length) throws IOException {
        if (!fill()) {
            return -1;
        }
        int count = Math.min(length, readBuffer.remaining());
        readBuffer.get(target, offset, count);
        return count;
    }

    /** Reads exactly {@code length} bytes; false when the stream ended before the first of them. */
    boolean readFully(byte[] target, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int read = read(target, done, length - done);
            if (read < 0) {
                if (done == 0) {
                    return false;
                }
                throw new EOFException("The exec stream ended inside a frame");
            }
            done += read;
        }
        return true;
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

    /** The status line and headers; anything after them is the stream and stays in the buffer. */
    private void readResponseHead() throws IOException {
        String status = readLine();
        int code = number(status.length() >= 12 ? status.substring(9, 12) : "");
        int contentLength = -1;
        String line;
        while (!(line = readLine()).isEmpty()) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                contentLength = number(line.substring(15).strip());
            }
        }
        // 101 on engines that honour the upgrade, 200 on older ones: either way the stream follows.
        if (code != 101 && code != 200) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] chunk = new byte[4096];
            int read;
            while ((contentLength < 0 || body.size() < contentLength) && (read = read(chunk, 0, chunk.length)) >= 0) {
                body.write(chunk, 0, read);
            }
            throw new ExecStartRefusedException(code, body.toString(StandardCharsets.UTF_8));
        }
    }

    private static int number(String text) throws IOException {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IOException("The engine answered the exec start with something that is not HTTP: " + text, e);
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] one = new byte[1];
        while (true) {
            if (read(one, 0, 1) < 0) {
                throw new EOFException("The engine closed the connection before answering the exec start");
            }
            if (one[0] == '\n') {
                String text = line.toString(StandardCharsets.US_ASCII);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(one[0]);
        }
    }

    private static InetSocketAddress tcpAddress(URI host) {
        return new InetSocketAddress(host.getHost(), host.getPort());
    }

    /** The engine's answer to an exec start that it refused. */
    static final class ExecStartRefusedException extends IOException {
        private final int status;

        ExecStartRefusedException(int status, String body) {
            super(body.strip());
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
