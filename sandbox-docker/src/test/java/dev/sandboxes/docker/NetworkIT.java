package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.sandboxes.Sandbox;
import dev.sandboxes.core.SandboxLabels;
import dev.sandboxes.errors.SandboxConflictException;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import dev.sandboxes.internal.SandboxNames;
import dev.sandboxes.network.NetworkLogEntry;
import dev.sandboxes.network.NetworkPolicy;
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
    private int port;

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
        port = server.getAddress().getPort();
    }

    @AfterEach
    void cleanUp() {
        server.stop(0);
        support.close();
    }

    @Test
    void aDirectSandboxReachesTheServerAndOneWithoutNetworkReachesNothing() throws Exception {
        String host;
        try (Sandbox open = support.builder(support.newWorkspace("net-direct")).network(NetworkPolicy.direct()).open()) {
            host = TcpAttempt.defaultGateway(open);
            TcpAttempt reached = TcpAttempt.from(open, host, port);
            assertTrue(reached.answered("hello from the host"), reached::toString);
        }
        Path workspace = support.newWorkspace("net-none");
        try (Sandbox closed = support.builder(workspace).network(NetworkPolicy.none()).open()) {
            // The address the open sandbox reached a moment ago: from here, there is no way to it.
            TcpAttempt refused = TcpAttempt.from(closed, host, port);
            assertEquals(TcpAttempt.Outcome.UNREACHABLE, refused.outcome(), refused::toString);
            List<String> interfaces = closed.exec("sh", "-c", "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '")
                    .stdout().lines().toList();
            assertEquals(List.of("lo"), interfaces);
            ExecResult lookup = closed.exec(ExecRequest.of("nslookup", "registry.npmjs.org").withTimeout(Duration.ofSeconds(20)));
            assertNotEquals(0, lookup.exitCode(), "a name was resolved: " + lookup.stdout());
            // No resolver can be reached at all (not an answer that the name does not exist).
            assertTrue(lookup.stderr().contains("can't connect to remote host"), lookup.stderr());
            assertEquals("none", closed.info().labels().get(SandboxLabels.NETWORK));
        }
        SandboxConflictException conflict = assertThrows(SandboxConflictException.class,
                () -> support.builder(workspace).network(NetworkPolicy.open()).open());
        assertTrue(conflict.getMessage().contains("network"), conflict.getMessage());
    }

    @Test
    void anAllowListLetsOnlyWhatItAllowsThroughTheProxyAndLogsEachDecision() throws Exception {
        // The host's address, proven by a sandbox that reaches the host's server there.
        String host;
        try (Sandbox open = support.builder(support.newWorkspace("net-host")).network(NetworkPolicy.direct()).open()) {
            host = TcpAttempt.defaultGateway(open);
            TcpAttempt reached = TcpAttempt.from(open, host, port);
            assertTrue(reached.answered("hello from the host"), reached::toString);
        }
        NetworkPolicy policy = NetworkPolicy.allow("allowed.test", "blocked.test").block("blocked.test");
        Path workspace = support.newWorkspace("net-allow");
        String server = null;
        try (Sandbox sandbox = support.builder(workspace).network(policy).open()) {
            // After the open: the proxies' network is the library's own, made (and labelled) by it.
            server = startServerContainer();
            String serverAddress = TcpAttempt.requireIpv4(DockerTestSupport.docker().inspectContainerCmd(server).exec()
                    .getNetworkSettings().getNetworks().get(EgressNetworks.EGRESS_NETWORK).getIpAddress(),
                    "the test server's address on " + EgressNetworks.EGRESS_NETWORK);
            TcpAttempt served = TcpAttempt.fromContainer(server, serverAddress, 80);
            assertTrue(served.answered("hello allowed"), "the server does not answer at its own address: " + served);

            assertEquals("http://egress-proxy:3128", sandbox.exec("sh", "-c", "echo $HTTPS_PROXY").stdout().strip());
            assertTrue(viaProxy(sandbox, "GET http://allowed.test/").contains("hello allowed"), "the allowed name answers");
            assertTrue(viaProxy(sandbox, "GET http://blocked.test/").contains(" 403 "), "a blocked name is refused");
            assertTrue(viaProxy(sandbox, "GET http://" + serverAddress + "/").contains(" 403 "),
                    "a raw private address is refused");
            assertTrue(viaProxy(sandbox, "CONNECT allowed.test:9000").contains(" 403 "), "a port other than 80 and 443");
            assertTrue(viaProxy(sandbox, "CONNECT allowed.test:80").contains(" 403 "), "a tunnel to a port other than 443");
            assertTrue(viaProxy(sandbox, "GET ftp://allowed.test:80/").contains(" 403 "), "a protocol other than HTTP");
            assertTrue(viaProxy(sandbox, "GET cache_object://allowed.test/menu").contains(" 403 "), "the proxy's cache manager");

            // Around the proxy, nothing: not the host where the open sandbox reached it, not the server
            // the proxy reaches, nor the gateway of the sandbox's own network if it has a route to one
            // (its bridge holds no address of the host's).
            List<TcpAttempt> around = new java.util.ArrayList<>(List.of(TcpAttempt.from(sandbox, host, port),
                    TcpAttempt.from(sandbox, serverAddress, 80)));
            TcpAttempt.defaultGatewayIfAny(sandbox).ifPresent(own -> around.add(TcpAttempt.from(sandbox, own, port)));
            for (TcpAttempt attempt : around) {
                assertTrue(attempt.reachedNothing(), "reached around the proxy: " + attempt);
            }
            // While the proxy, on the same network and by address, does answer: the sandbox's network works.
            java.util.Map<String, String> labels = sandbox.info().labels();
            String proxyAddress = TcpAttempt.requireIpv4(DockerTestSupport.docker().inspectContainerCmd(
                    labels.get(EgressProxies.PROXY_LABEL)).exec().getNetworkSettings().getNetworks()
                    .get(labels.get(EgressProxies.NETWORK_LABEL)).getIpAddress(), "the proxy's address");
            TcpAttempt proxy = TcpAttempt.from(sandbox, proxyAddress, SquidConfig.PORT);
            assertEquals(TcpAttempt.Outcome.ANSWERED, proxy.outcome(), proxy::toString);

            // Names: the engine's own DNS answers the proxy's, and nothing outside resolves.
            assertEquals(0, sandbox.exec("nslookup", "egress-proxy").exitCode(), "the proxy's name did not resolve");
            ExecResult outside = sandbox.exec(ExecRequest.of("nslookup", "registry.npmjs.org").withTimeout(Duration.ofSeconds(30)));
            assertNotEquals(0, outside.exitCode(), "a name outside was resolved: " + outside.stdout());

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
            if (server != null) {
                DockerTestSupport.docker().removeContainerCmd(server).withForce(true).exec();
            }
        }
        assertTrue(DockerTestSupport.docker().listContainersCmd().withShowAll(true)
                .withLabelFilter(java.util.Map.of(EgressProxies.OF_LABEL, SandboxNames.forWorkspace(workspace))).exec().isEmpty(),
                "the proxy went with its sandbox");
        assertTrue(DockerTestSupport.docker().listNetworksCmd()
                .withFilter("label", List.of(EgressProxies.OF_LABEL + "=" + SandboxNames.forWorkspace(workspace))).exec().isEmpty(),
                "the network went with its sandbox");
    }

    /** A web server of the test's own, on the proxies' network, under two names. */
    private static String startServerContainer() {
        String id = DockerTestSupport.docker().createContainerCmd(DockerTestSupport.TEMPLATE)
                .withEntrypoint("sh", "-c", "mkdir -p /tmp/www && echo 'hello allowed' > /tmp/www/index.html"
                        + " && exec httpd -f -p 80 -h /tmp/www")
                .withUser("root")
                .withLabels(java.util.Map.of("dev.sandboxes.test", "network"))
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode("bridge"))
                .exec().getId();
        DockerTestSupport.docker().connectToNetworkCmd().withNetworkId(EgressNetworks.EGRESS_NETWORK).withContainerId(id)
                .withContainerNetwork(new com.github.dockerjava.api.model.ContainerNetwork()
                        .withAliases("allowed.test", "blocked.test")).exec();
        DockerTestSupport.docker().startContainerCmd(id).exec();
        return id;
    }

    /** A request written to the proxy by hand, and its answer. */
    private static String viaProxy(Sandbox sandbox, String requestLine) {
        return TcpAttempt.from(sandbox, EgressProxies.ALIAS, SquidConfig.PORT, requestLine).result().stdout();
    }
}
