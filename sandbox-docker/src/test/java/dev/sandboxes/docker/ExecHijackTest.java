package dev.sandboxes.docker;

import static dev.sandboxes.docker.ExecStreamDecoderTest.concat;
import static dev.sandboxes.docker.ExecStreamDecoderTest.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.errors.RuntimeUnavailableException;
import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.errors.SandboxNotFoundException;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.exec.ExecRequest;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The exec start's HTTP upgrade, against a fake engine on loopback that speaks just enough HTTP. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ExecHijackTest {

    private static final String UPGRADED = "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n"
            + "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n";
    private static final ExecRequest CAT = ExecRequest.of("cat");

    private FakeEngine engine;

    @AfterEach
    void stopEngine() throws IOException {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void switchingProtocolsHandsOverTheStreamFromItsFirstByte() throws Exception {
        // The frames come in the same packet as the head: none of them may be lost to the head's parsing.
        engine = FakeEngine.tcp((in, out) -> out.write(concat(ascii(UPGRADED), frame(1, "out\n"), frame(2, "err\n"))));

        ExecStreamDecoderTest.Recorder output = new ExecStreamDecoderTest.Recorder();
        try (ExecConnection connection = ExecHijack.start(engine.endpoint(), "1.44", "e1", false)) {
            ExecStreamDecoder.decode(connection.output(), false, output);
        }

        assertEquals("out\n", output.stdout());
        assertEquals("err\n", output.stderr());
        String request = engine.request();
        assertTrue(request.startsWith("POST /v1.44/exec/e1/start HTTP/1.1\r\n"), request);
        assertTrue(request.contains("\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"), request);
        assertTrue(request.endsWith("\r\n\r\n{\"Detach\":false,\"Tty\":false}"), request);
    }

    @Test
    void anOlderEnginesOkIsFollowedByTheStreamToo() throws Exception {
        engine = FakeEngine.tcp((in, out) -> out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n"
                + "$ tty\r\n/dev/pts/0\r\n")));

        ExecStreamDecoderTest.Recorder output = new ExecStreamDecoderTest.Recorder();
        try (ExecConnection connection = ExecHijack.start(engine.endpoint(), "1.41", "e2", true)) {
            ExecStreamDecoder.decode(connection.output(), true, output);
        }

        assertEquals("$ tty\r\n/dev/pts/0\r\n", output.stdout());
        assertTrue(engine.request().endsWith("{\"Detach\":false,\"Tty\":true}"), engine.request());
    }

    @Test
    void closingStdinEndsTheCommandsInputWhileItsOutputKeepsComing() throws Exception {
        // Like `cat`: reads its input to the end, and only then writes.
        engine = FakeEngine.tcp((in, out) -> {
            out.write(ascii(UPGRADED));
            out.flush();
            out.write(frame(1, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        });

        ExecStreamDecoderTest.Recorder output = new ExecStreamDecoderTest.Recorder();
        try (ExecConnection connection = ExecHijack.start(engine.endpoint(), "1.44", "e3", false)) {
            connection.write(ascii("ping\n"));
            connection.closeStdin();
            ExecStreamDecoder.decode(connection.output(), false, output);
        }

        assertEquals("ping\n", output.stdout());
    }

    @Test
    void aUnixSocketIsHijackedTheSameWay(@TempDir Path folder) throws Exception {
        engine = FakeEngine.unix(folder.resolve("docker.sock"), (in, out) -> out.write(concat(ascii(UPGRADED), frame(1, "unix"))));

        ExecStreamDecoderTest.Recorder output = new ExecStreamDecoderTest.Recorder();
        try (ExecConnection connection = ExecHijack.start(engine.endpoint(), "1.44", "e4", false)) {
            ExecStreamDecoder.decode(connection.output(), false, output);
        }

        assertEquals("unix", output.stdout());
    }

    @Test
    void aRefusalForAnExecThatIsGoneMeansTheSandboxIsGone() throws Exception {
        engine = FakeEngine.tcp(refusal(404, "Not Found", "{\"message\":\"No such exec instance: e5\"}\n", true));

        SandboxException e = startFailure("e5");

        assertInstanceOf(SandboxNotFoundException.class, e);
        assertTrue(e.getMessage().startsWith("Sandbox sb1 does not exist any more"), e.getMessage());
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {409, 500})
    void anyOtherRefusalIsTheSandboxsStateInTheEnginesWords(int status) throws Exception {
        String body = "{\"message\":\"Container sb1 is not running\"}";
        // The engine keeps the connection open: the body ends where its length says.
        engine = FakeEngine.tcp(refusal(status, "Refused", body + "\n", true));

        ExecHijack.ExecStartRefusedException refused = assertThrows(ExecHijack.ExecStartRefusedException.class,
                () -> ExecHijack.start(engine.endpoint(), "1.44", "e6", false));
        SandboxException e = ExecHijack.failure(refused, "sb1", CAT, new DockerErrors(engine.endpoint()));

        assertEquals(status, refused.status());
        assertEquals(body, refused.getMessage());
        assertEquals(SandboxStateException.class, e.getClass());
        assertEquals("Sandbox sb1 refused to run cat: " + body + ". Open its workspace again to start it.", e.getMessage());
    }

    @Test
    void aRefusalWithoutALengthIsReadToTheEndOfTheConnection() throws Exception {
        engine = FakeEngine.tcp(refusal(409, "Conflict", "container is paused\n", false));

        SandboxException e = startFailure("e7");

        assertEquals("Sandbox sb1 refused to run cat: container is paused. Open its workspace again to start it.", e.getMessage());
    }

    @Test
    void aConnectionClosedInsideTheHeadersIsALostEngine() throws Exception {
        engine = FakeEngine.tcp((in, out) -> out.write(ascii("HTTP/1.1 101 UPGRADED\r\nConnection: Upg")));

        SandboxException e = startFailure("e8");

        assertInstanceOf(RuntimeUnavailableException.class, e);
        assertTrue(e.getMessage().contains("while trying to run cat in sandbox sb1"), e.getMessage());
        assertTrue(e.getMessage().contains("The engine closed the connection before answering the exec start"), e.getMessage());
        assertTrue(e.getMessage().contains(engine.endpoint().host().toString()), e.getMessage());
    }

    @Test
    void anAnswerThatIsNotHttpIsALostEngine() throws Exception {
        engine = FakeEngine.tcp((in, out) -> out.write(ascii("SSH-2.0-OpenSSH_9.6\r\n")));

        SandboxException e = startFailure("e9");

        assertInstanceOf(RuntimeUnavailableException.class, e);
        assertTrue(e.getMessage().contains("while trying to run cat in sandbox sb1"), e.getMessage());
        assertTrue(e.getCause().getCause().getMessage().contains("something that is not HTTP"), e.getMessage());
    }

    @Test
    void anEndpointWhereNothingListensIsALostEngine() throws Exception {
        engine = FakeEngine.tcp((in, out) -> { });
        DockerEndpoint closed = engine.endpoint();
        engine.close();
        engine = null;

        IOException refused = assertThrows(IOException.class, () -> ExecHijack.start(closed, "1.44", "e10", false));
        SandboxException e = ExecHijack.failure(refused, "sb1", CAT, new DockerErrors(closed));

        assertInstanceOf(RuntimeUnavailableException.class, e);
        assertTrue(e.getMessage().contains(closed.host().toString()), e.getMessage());
    }

    @Test
    void onlyEnginesBehindTlsCannotBeHijacked() {
        assertTrue(ExecHijack.supports(DockerEndpoint.unixSocket(Path.of("/var/run/docker.sock"), "test")));
        assertTrue(ExecHijack.supports(new DockerEndpoint(URI.create("tcp://build-host:2375"), Optional.empty(), "test")));
        assertFalse(ExecHijack.supports(new DockerEndpoint(URI.create("tcp://build-host:2376"), Optional.of(Path.of("/certs")), "test")));
    }

    private SandboxException startFailure(String execId) {
        IOException failed = assertThrows(IOException.class, () -> ExecHijack.start(engine.endpoint(), "1.44", execId, false));
        return ExecHijack.failure(failed, "sb1", CAT, new DockerErrors(engine.endpoint()));
    }

    /** An error answer; with {@code length}, the engine then waits for the client to hang up. */
    private static Conversation refusal(int status, String reason, String body, boolean length) {
        return (in, out) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.write(ascii("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/json\r\n"
                    + (length ? "Content-Length: " + bytes.length + "\r\n" : "") + "\r\n"));
            out.write(bytes);
            if (length) {
                out.flush();
                in.readAllBytes();
            }
        };
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** What the fake engine does once it has read the request: it writes to {@code out}, reads the exec's input from {@code in}. */
    interface Conversation {
        void talk(InputStream in, OutputStream out) throws IOException;
    }

    /** An engine for one connection: reads the exec start request, holds the conversation, hangs up. */
    private static final class FakeEngine implements AutoCloseable {
        private final Closeable server;
        private final DockerEndpoint endpoint;
        private final CompletableFuture<String> request = new CompletableFuture<>();

        private FakeEngine(Closeable server, DockerEndpoint endpoint) {
            this.server = server;
            this.endpoint = endpoint;
        }

        static FakeEngine tcp(Conversation conversation) throws IOException {
            ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            FakeEngine engine = new FakeEngine(server, new DockerEndpoint(
                    URI.create("tcp://127.0.0.1:" + server.getLocalPort()), Optional.empty(), "test"));
            engine.serve(() -> {
                Socket socket = server.accept();
                return new Connection(socket.getInputStream(), socket.getOutputStream(), socket);
            }, conversation);
            return engine;
        }

        static FakeEngine unix(Path socketFile, Conversation conversation) throws IOException {
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socketFile));
            FakeEngine engine = new FakeEngine(server, DockerEndpoint.unixSocket(socketFile, "test"));
            engine.serve(() -> {
                SocketChannel channel = server.accept();
                return new Connection(Channels.newInputStream(channel), Channels.newOutputStream(channel), channel);
            }, conversation);
            return engine;
        }

        DockerEndpoint endpoint() {
            return endpoint;
        }

        /** The request as the engine received it: head and body. */
        String request() throws Exception {
            return request.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            server.close();
        }

        private void serve(Acceptor acceptor, Conversation conversation) {
            Thread thread = new Thread(() -> {
                try (Connection connection = acceptor.accept()) {
                    request.complete(readRequest(connection.in()));
                    conversation.talk(connection.in(), connection.out());
                    connection.out().flush();
                } catch (IOException e) {
                    request.completeExceptionally(e);  // the client hung up, or the test ended
                }
            }, "fake-engine");
            thread.setDaemon(true);
            thread.start();
        }

        /** The head up to its blank line, then as many bytes as its Content-Length says. */
        private static String readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int next = in.read();
                if (next < 0) {
                    throw new IOException("The client hung up inside its request");
                }
                head.write(next);
            }
            String text = head.toString(StandardCharsets.US_ASCII);
            int length = 0;
            for (String line : text.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            return text + new String(in.readNBytes(length), StandardCharsets.US_ASCII);
        }

        private interface Acceptor {
            Connection accept() throws IOException;
        }

        private record Connection(InputStream in, OutputStream out, Closeable socket) implements Closeable {
            @Override
            public void close() throws IOException {
                socket.close();
            }
        }
    }
}
