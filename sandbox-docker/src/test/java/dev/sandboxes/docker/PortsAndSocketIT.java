package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.exec.ExecResult;
import dev.sandboxes.network.PublishedPort;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ports published from a sandbox, and the engine's socket given on request. */
class PortsAndSocketIT {

    private final DockerTestSupport support = new DockerTestSupport();

    @AfterEach
    void cleanUp() {
        support.close();
    }

    @Test
    void aServerInsideAnswersOnTheHostPortTheEngineChoseOnLoopback() throws Exception {
        Path workspace = support.newWorkspace("port");
        try (Sandbox sandbox = support.builder(workspace).publish(8080).open()) {
            startWebServer(sandbox, 8080, "hello from the sandbox");
            PublishedPort port = sandbox.info().ports().get(0);
            assertEquals(8080, port.sandboxPort());
            assertEquals(PublishedPort.LOOPBACK, port.hostAddress());
            assertTrue(port.hostPort() > 0);
            assertEquals("hello from the sandbox\n", get("http://127.0.0.1:" + port.hostPort() + "/index.html"));
        }
    }

    @Test
    void aChosenHostPortIsUsed() throws Exception {
        Path workspace = support.newWorkspace("fixedport");
        int free = freePort();
        try (Sandbox sandbox = support.builder(workspace).publish(8081, free).open()) {
            startWebServer(sandbox, 8081, "fixed");
            assertEquals(List.of(new PublishedPort(8081, PublishedPort.LOOPBACK, free)), sandbox.info().ports());
            assertEquals("fixed\n", get("http://127.0.0.1:" + free + "/index.html"));
        }
    }

    @Test
    void allInterfacesAreUsedOnlyWhenAskedFor() throws Exception {
        Path workspace = support.newWorkspace("allinterfaces");
        try (Sandbox sandbox = support.builder(workspace).publish(8082).publishOnAllInterfaces().open()) {
            startWebServer(sandbox, 8082, "everywhere");
            PublishedPort port = sandbox.info().ports().get(0);
            assertEquals(PublishedPort.ALL_INTERFACES, port.hostAddress());
            assertEquals("everywhere\n", get("http://127.0.0.1:" + port.hostPort() + "/index.html"));
        }
    }

    @Test
    void theAgentUsesTheMountedSocketWithoutSudoAndRunsAContainerThroughIt() throws Exception {
        Path workspace = support.newWorkspace("socket-use");
        try (Sandbox sandbox = support.builder(workspace).template(DockerTestSupport.TOOLS_TEMPLATE).mountDockerSocket().open()) {
            assertEquals("agent\n", sandbox.exec("id", "-un").stdout());
            ExecResult inner = sandbox.exec("docker", "run", "--rm", DockerTestSupport.TEMPLATE, "echo", "hello from inside");
            assertEquals(0, inner.exitCode(), inner.stderr());
            assertEquals("hello from inside\n", inner.stdout());
            assertTrue(sandbox.info().dockerSocket());
        }
    }

    @Test
    void withoutAskingThereIsNoSocketInside() throws Exception {
        Path workspace = support.newWorkspace("no-socket");
        try (Sandbox sandbox = support.builder(workspace).template(DockerTestSupport.TOOLS_TEMPLATE).open()) {
            assertEquals(1, sandbox.exec("test", "-e", SandboxCreator.SOCKET_IN_SANDBOX).exitCode());
            ExecResult docker = sandbox.exec("docker", "version");
            assertTrue(docker.exitCode() != 0, docker.stdout());
        }
    }

    private static void startWebServer(Sandbox sandbox, int port, String page) {
        ExecResult started = sandbox.exec("sh", "-c", "mkdir -p /tmp/www && echo '" + page + "' > /tmp/www/index.html"
                + " && httpd -p " + port + " -h /tmp/www");
        assertEquals(0, started.exitCode(), started.stderr());
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        IOException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                last = e;  // the server may take a moment to listen
                Thread.sleep(100);
            }
        }
        throw last;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
