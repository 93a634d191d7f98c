package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.sandboxes.ExecRequest;
import dev.sandboxes.ExecResult;
import dev.sandboxes.NetworkPolicy;
import dev.sandboxes.Sandbox;
import dev.sandboxes.SandboxConflictException;
import dev.sandboxes.SandboxLabels;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Network policies against the real engine, with a server of the test's own on this machine,
 * reached through the engine's bridge: never an address outside this machine.
 */
class NetworkIT {

    private final DockerTestSupport support = new DockerTestSupport();
    private HttpServer server;
    private String address;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("0.0.0.0", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "hello from the host".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String gateway = DockerTestSupport.docker().inspectNetworkCmd().withNetworkId("bridge").exec()
                .getIpam().getConfig().get(0).getGateway();
        address = gateway + " " + server.getAddress().getPort();
    }

    @AfterEach
    void cleanUp() {
        server.stop(0);
        support.close();
    }

    @Test
    void anOpenSandboxReachesTheServerAndOneWithoutNetworkReachesNothing() throws Exception {
        try (Sandbox open = support.builder(support.newWorkspace("net-open")).open()) {
            ExecResult reached = fetch(open);
            assertTrue(reached.stdout().contains("hello from the host"), reached::toString);
        }
        Path workspace = support.newWorkspace("net-none");
        try (Sandbox closed = support.builder(workspace).network(NetworkPolicy.none()).open()) {
            ExecResult refused = fetch(closed);
            assertTrue(!refused.stdout().contains("hello"), "reached the server: " + refused);
            List<String> interfaces = closed.exec("sh", "-c", "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '")
                    .stdout().lines().toList();
            assertEquals(List.of("lo"), interfaces);
            assertNotEquals(0, closed.exec(ExecRequest.of("nslookup", "registry.npmjs.org").withTimeout(Duration.ofSeconds(20)))
                    .exitCode(), "a name was resolved");
            assertEquals("none", closed.info().labels().get(SandboxLabels.NETWORK));
        }
        SandboxConflictException conflict = assertThrows(SandboxConflictException.class,
                () -> support.builder(workspace).network(NetworkPolicy.open()).open());
        assertTrue(conflict.getMessage().contains("network"), conflict.getMessage());
    }

    /** An HTTP request by hand with busybox's nc: its static wget crashed (exit 139) against the JDK's server here. */
    private ExecResult fetch(Sandbox sandbox) {
        return sandbox.exec(ExecRequest.shell("printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 " + address)
                .withTimeout(Duration.ofSeconds(30)));
    }
}
