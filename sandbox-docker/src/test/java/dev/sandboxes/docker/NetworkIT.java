package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.sandboxes.ExecRequest;
import dev.sandboxes.ExecResult;
import dev.sandboxes.NetworkLogEntry;
import dev.sandboxes.NetworkPolicy;
import dev.sandboxes.internal.SandboxNames;
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

    @Test
    void anAllowListLetsOnlyWhatItAllowsThroughTheProxyAndLogsEachDecision() throws Exception {
        String server = startServerContainer();
        String serverAddress = DockerTestSupport.docker().inspectContainerCmd(server).exec().getNetworkSettings()
                .getNetworks().get(EgressProxies.EGRESS_NETWORK).getIpAddress();
        NetworkPolicy policy = NetworkPolicy.allow("allowed.test", "blocked.test").block("blocked.test");
        Path workspace = support.newWorkspace("net-allow");
        try (Sandbox sandbox = support.builder(workspace).network(policy).open()) {
            assertEquals("http://egress-proxy:3128", sandbox.exec("sh", "-c", "echo $HTTPS_PROXY").stdout().strip());
            assertTrue(viaProxy(sandbox, "GET http://allowed.test/").contains("hello allowed"), "the allowed name answers");
            assertTrue(viaProxy(sandbox, "GET http://blocked.test/").contains(" 403 "), "a blocked name is refused");
            assertTrue(viaProxy(sandbox, "GET http://" + serverAddress + "/").contains(" 403 "),
                    "a raw private address is refused");
            assertTrue(viaProxy(sandbox, "CONNECT allowed.test:9000").contains(" 403 "), "a port other than 80 and 443");
            assertTrue(viaProxy(sandbox, "CONNECT allowed.test:80").contains(" 403 "), "a tunnel to a port other than 443");
            assertTrue(viaProxy(sandbox, "GET ftp://allowed.test:80/").contains(" 403 "), "a protocol other than HTTP");
            assertTrue(viaProxy(sandbox, "GET cache_object://allowed.test/menu").contains(" 403 "), "the proxy's cache manager");
            // The host itself, at its usual address on a bridge: the internal network's bridge has none.
            String gateway = DockerTestSupport.docker().inspectNetworkCmd()
                    .withNetworkId(EgressProxies.internalNetwork(sandbox.name())).exec().getIpam().getConfig().get(0).getGateway();
            ExecResult host = sandbox.exec(ExecRequest.shell("printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 " + gateway + " "
                    + this.server.getAddress().getPort()).withTimeout(Duration.ofSeconds(30)));
            assertTrue(!host.stdout().contains("hello from the host"), "reached the host's server at " + gateway + ": " + host);
            ExecResult direct = sandbox.exec(ExecRequest.shell("printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 "
                    + serverAddress + " 80").withTimeout(Duration.ofSeconds(30)));
            assertTrue(!direct.stdout().contains("hello"), "reached the server around the proxy: " + direct);
            assertNotEquals(0, sandbox.exec(ExecRequest.of("nslookup", "registry.npmjs.org").withTimeout(Duration.ofSeconds(30)))
                    .exitCode(), "a name outside was resolved");

            List<NetworkLogEntry> log = sandbox.networkLog();
            assertTrue(log.stream().anyMatch(e -> e.host().equals("allowed.test") && e.port() == 80 && e.allowed()), log::toString);
            assertTrue(log.stream().anyMatch(e -> e.host().equals("blocked.test") && !e.allowed()), log::toString);
            assertTrue(log.stream().anyMatch(e -> e.host().equals(serverAddress) && !e.allowed()), log::toString);
            assertTrue(log.stream().anyMatch(e -> e.port() == 9000 && !e.allowed()), log::toString);

            sandbox.updateNetwork(NetworkPolicy.allow("allowed.test", "blocked.test"));
            assertTrue(viaProxy(sandbox, "GET http://blocked.test/").contains("hello allowed"),
                    "the rules changed on the running sandbox");
            sandbox.remove();
        } finally {
            DockerTestSupport.docker().removeContainerCmd(server).withForce(true).exec();
        }
        assertTrue(DockerTestSupport.docker().listContainersCmd().withShowAll(true)
                .withNameFilter(List.of(EgressProxies.proxyName(SandboxNames.forWorkspace(workspace)))).exec().isEmpty(),
                "the proxy went with its sandbox");
    }

    /** A web server of the test's own, on the proxies' network, under two names. */
    private static String startServerContainer() {
        try {
            DockerTestSupport.docker().createNetworkCmd().withName(EgressProxies.EGRESS_NETWORK).withDriver("bridge")
                    .withCheckDuplicate(true).exec();
        } catch (com.github.dockerjava.api.exception.ConflictException exists) {
            // Made by an earlier sandbox.
        }
        String id = DockerTestSupport.docker().createContainerCmd(DockerTestSupport.TEMPLATE)
                .withEntrypoint("sh", "-c", "mkdir -p /tmp/www && echo 'hello allowed' > /tmp/www/index.html"
                        + " && exec httpd -f -p 80 -h /tmp/www")
                .withUser("root")
                .withLabels(java.util.Map.of("dev.sandboxes.test", "network"))
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode("bridge"))
                .exec().getId();
        DockerTestSupport.docker().connectToNetworkCmd().withNetworkId(EgressProxies.EGRESS_NETWORK).withContainerId(id)
                .withContainerNetwork(new com.github.dockerjava.api.model.ContainerNetwork()
                        .withAliases("allowed.test", "blocked.test")).exec();
        DockerTestSupport.docker().startContainerCmd(id).exec();
        return id;
    }

    /** A request written to the proxy by hand, and its answer. */
    private static String viaProxy(Sandbox sandbox, String requestLine) {
        // stdin stays open a while: busybox's nc hangs up at its end, before the answer comes.
        return sandbox.exec(ExecRequest.shell("(printf '" + requestLine + " HTTP/1.0\\r\\n\\r\\n'; sleep 3) | nc -w 5 egress-proxy 3128")
                .withTimeout(Duration.ofSeconds(30))).stdout();
    }

    /** An HTTP request by hand with busybox's nc: its static wget crashed (exit 139) against the JDK's server here. */
    private ExecResult fetch(Sandbox sandbox) {
        return sandbox.exec(ExecRequest.shell("printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 " + address)
                .withTimeout(Duration.ofSeconds(30)));
    }
}
