package dev.sandboxes.docker;

import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.exec.ExecRequest;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Starts an exec and takes over its connection: {@code POST /exec/{id}/start} with
 * {@code Upgrade: tcp}, after which the connection carries the process's output one way and its
 * standard input the other (the engine's "hijacking").
 */
final class ExecHijack {

    private ExecHijack() {
    }

    /** Whether this endpoint can be hijacked here: a Unix socket or plain TCP (TLS cannot half-close). */
    static boolean supports(DockerEndpoint endpoint) {
        return endpoint.isUnixSocket() || endpoint.tlsCertPath().isEmpty();
    }

    /**
     * Starts the exec; the connection returned carries its stream from the first byte on.
     *
     * @throws ExecStartRefusedException when the engine answers with an error status
     * @see #failure(IOException, String, ExecRequest, DockerErrors)
     */
    static ExecConnection start(DockerEndpoint endpoint, String apiVersion, String execId, boolean tty) throws IOException {
        ExecConnection connection = ExecConnection.open(endpoint);
        try {
            String body = "{\"Detach\":false,\"Tty\":" + tty + "}";
            connection.write(("POST /v" + apiVersion + "/exec/" + execId + "/start HTTP/1.1\r\n"
                    + "Host: docker\r\nContent-Type: application/json\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            readResponseHead(connection.output());
            return connection;
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** A failed {@link #start} in the library's words. */
    static SandboxException failure(IOException e, String containerId, ExecRequest request, DockerErrors errors) {
        String program = request.argv().get(0);
        if (e instanceof ExecStartRefusedException refused) {
            return refused.status() == 404 ? DockerExec.gone(containerId)
                    : new SandboxStateException("Sandbox " + containerId + " refused to run " + program
                    + ": " + refused.getMessage() + ". Open its workspace again to start it.", refused);
        }
        return errors.translate("run " + program + " in sandbox " + containerId, new UncheckedIOException(e));
    }

    /** The status line and headers; anything after them is the stream and stays unread. */
    private static void readResponseHead(InputStream in) throws IOException {
        String status = readLine(in);
        int code = number(status.length() >= 12 ? status.substring(9, 12) : "");
        int contentLength = -1;
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                contentLength = number(line.substring(15).strip());
            }
        }
        // 101 on engines that honour the upgrade, 200 on older ones: either way the stream follows.
        if (code != 101 && code != 200) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] chunk = new byte[4096];
            int read;
            while ((contentLength < 0 || body.size() < contentLength) && (read = in.read(chunk, 0, chunk.length)) >= 0) {
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

    /** One line, read a byte at a time so that not a byte of the stream after the head is taken. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int next = in.read();
            if (next < 0) {
                throw new EOFException("The engine closed the connection before answering the exec start");
            }
            if (next == '\n') {
                String text = line.toString(StandardCharsets.US_ASCII);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(next);
        }
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
