package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import dev.sandboxes.Sandbox;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.network.NetworkLogEntry;
import dev.sandboxes.network.NetworkPolicy;
import dev.sandboxes.network.PublishedPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The default, open network against the real engine: the internet answers, while the engine's
 * host (a server of the test's own on each of its addresses), a link-local stand-in for a cloud's
 * metadata service and private addresses do not, unless the policy allows them. Checked as the
 * sandbox's root, through the proxy and around it, and again after an idle stop and a reset (the
 * engine's restart is in {@link EngineRestartIT}).
 */
class OpenNetworkIT {

    /** An outside host that answers here: the npm registry. */
    static final String OUTSIDE = "registry.npmjs.org";

    private final DockerTestSupport support = new DockerTestSupport();
    private HostServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = HostServer.start();
    }

    @AfterEach
    void cleanUp() throws Exception {
        server.close();
        support.close();
    }

    @Test
    void theHostItsAddressesAndMetadataAreUnreachableByDefaultWhileTheInternetAnswers() throws Exception {
        List<String> host = HostServer.hostAddresses();
        assertTrue(host.size() > 1, "this machine shows no addresses to test with: " + host);
        try (Sandbox sandbox = support.builder(support.newWorkspace("open-default")).open()) {
            assertEquals("open", sandbox.info().labels().get(dev.sandboxes.core.SandboxLabels.NETWORK));
            assertHolds(sandbox, server.port());
            List<NetworkLogEntry> log = sandbox.networkLog();
            assertTrue(log.stream().anyMatch(e -> e.host().equals(HostServer.METADATA) && !e.allowed()), log::toString);
            assertTrue(log.stream().anyMatch(e -> e.host().equals(OUTSIDE) && e.allowed()), log::toString);
        }
    }

    @Test
    void theOptInReachesTheHostsAddressesMetadataAndAPrivateNameWhileTheRestStaysOpen() throws Exception {
        List<String> ipv4 = HostServer.hostAddresses().stream().filter(a -> !a.startsWith("[")).toList();
        List<String> allowed = new ArrayList<>(ipv4);
        allowed.add(HostServer.METADATA);
        allowed.add("internal.test");
        String neighbour = startNeighbour();
        try (Sandbox sandbox = support.builder(support.newWorkspace("open-opt-in"))
                .network(NetworkPolicy.open().andAllow(allowed.toArray(String[]::new))).open()) {
            for (String address : allowed.subList(0, allowed.size() - 1)) {
                String answer = viaProxy(sandbox, "GET http://" + address + ":" + server.port() + "/");
                assertTrue(answer.contains(HostServer.BODY), "the opt-in did not reach " + address + ": " + answer);
            }
            assertTrue(viaProxy(sandbox, "GET http://internal.test/").contains("hello neighbour"),
                    "an allowed name of a private address is reached");
            assertTrue(viaProxy(sandbox, "CONNECT " + OUTSIDE + ":443").contains(" 200 "), "the internet still answers");
            // Still only through the proxy: around it, nothing.
            for (String address : allowed.subList(0, allowed.size() - 1)) {
                TcpAttempt around = TcpAttempt.asRoot(sandbox, address, server.port(), "GET /");
                assertTrue(around.reachedNothing(), "reached around the proxy: " + around);
            }
        } finally {
            DockerTestSupport.docker().removeContainerCmd(neighbour).withForce(true).exec();
        }
        // Without the opt-in, the same private name is refused: by the address it resolves to.
        String again = startNeighbour();
        try (Sandbox sandbox = support.builder(support.newWorkspace("open-private-name")).open()) {
            assertTrue(viaProxy(sandbox, "GET http://internal.test/").contains(" 403 "), "a name of a private address");
        } finally {
            DockerTestSupport.docker().removeContainerCmd(again).withForce(true).exec();
        }
    }

    @Test
    void itHoldsAfterAnIdleStopAndAfterAResetAndPublishedPortsStillArrive() throws Exception {
        Path workspace = support.newWorkspace("open-lifecycle");
        try (Sandbox sandbox = support.builder(workspace).publish(8080).open()) {
            assertHolds(sandbox, server.port());
            assertServes(sandbox, "before");

            sandbox.stop();
            try (Sandbox started = support.builder(workspace).publish(8080).open()) {
                assertEquals(SandboxStatus.RUNNING, started.info().status());
                assertHolds(started, server.port());
                assertServes(started, "after a stop");

                Sandbox reset = started.reset();
                assertHolds(reset, server.port());
                assertServes(reset, "after a reset");
            }
        }
    }

    /**
     * What the default policy promises, as the sandbox's root: every address of the host and the
     * metadata stand-in are refused by the proxy and unreachable around it; the internet answers.
     */
    static void assertHolds(Sandbox sandbox, int hostPort) throws Exception {
        List<String> targets = new ArrayList<>(HostServer.hostAddresses());
        targets.add(HostServer.METADATA);
        for (String address : targets) {
            String refused = viaProxy(sandbox, "GET http://" + address + ":" + hostPort + "/");
            assertTrue(refused.contains(" 403 ") && !refused.contains(HostServer.BODY), address + " through the proxy: " + refused);
            String tunnel = viaProxy(sandbox, "CONNECT " + address + ":" + hostPort);
            assertTrue(tunnel.contains(" 403 "), address + " by CONNECT: " + tunnel);
            if (!address.startsWith("[")) {
                // With its proxy variables unset, by address: no route.
                TcpAttempt around = TcpAttempt.asRoot(sandbox, address, hostPort, "GET /");
                assertTrue(around.reachedNothing(), "reached around the proxy: " + around);
            }
        }
        String outside = viaProxy(sandbox, "CONNECT " + OUTSIDE + ":443");
        assertTrue(outside.contains(" 200 "), "the internet does not answer through the proxy: " + outside);
    }

    /** A server in the sandbox on port 8080, reached from the host at the port published for it. */
    private static void assertServes(Sandbox sandbox, String moment) throws Exception {
        sandbox.start(dev.sandboxes.exec.ExecRequest.of("sh", "-c",
                "mkdir -p /tmp/www && echo 'served " + moment + "' > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www"));
        PublishedPort published = sandbox.info().ports().stream().filter(p -> p.sandboxPort() == 8080).findFirst()
                .orElseThrow(() -> new AssertionError("port 8080 is not published: " + sandbox.info().ports()));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("http://127.0.0.1:" + published.hostPort() + "/");
        Await.until(() -> {
            try {
                return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).body().contains("served " + moment);
            } catch (java.io.IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, Duration.ofSeconds(20), () -> "the sandbox's server to answer at " + uri + " " + moment);
        sandbox.exec(dev.sandboxes.exec.ExecRequest.of("pkill", "httpd").asRoot());
    }

    /** A web server on the proxies' network (a private address), named internal.test. */
    private static String startNeighbour() {
        new EgressNetworks(DockerTestSupport.docker(), EgressNetworks.DEFAULT_POOL).ensureEgressNetwork();
        String id = DockerTestSupport.docker().createContainerCmd(DockerTestSupport.TEMPLATE)
                .withEntrypoint("sh", "-c", "mkdir -p /tmp/www && echo 'hello neighbour' > /tmp/www/index.html"
                        + " && exec httpd -f -p 80 -h /tmp/www")
                .withUser("root")
                .withLabels(Map.of("dev.sandboxes.test", "open-network"))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("bridge"))
                .exec().getId();
        DockerTestSupport.docker().connectToNetworkCmd().withNetworkId(EgressNetworks.EGRESS_NETWORK).withContainerId(id)
                .withContainerNetwork(new ContainerNetwork().withAliases("internal.test")).exec();
        DockerTestSupport.docker().startContainerCmd(id).exec();
        return id;
    }

    /** A request written to the proxy by hand, as root, and its answer. */
    private static String viaProxy(Sandbox sandbox, String requestLine) {
        return TcpAttempt.asRoot(sandbox, EgressProxies.ALIAS, SquidConfig.PORT, requestLine).result().stdout();
    }
}
