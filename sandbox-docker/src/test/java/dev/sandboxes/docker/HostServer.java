package dev.sandboxes.docker;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A web server of the test's own on every address of this machine (the engine's host), and on a
 * link-local address that stands in for a cloud's metadata service. The addresses are the JVM's
 * view of the machine's interfaces, found independently of the library's own way.
 */
final class HostServer implements AutoCloseable {

    /** Where cloud metadata services answer; added to this machine's loopback interface while the server runs. */
    static final String METADATA = "169.254.169.254";
    static final String BODY = "hello from the host";

    private final HttpServer server;
    private final boolean metadataAdded;

    private HostServer(HttpServer server, boolean metadataAdded) {
        this.server = server;
        this.metadataAdded = metadataAdded;
    }

    /** Listens on every address (IPv4 and IPv6) of one port; adds {@value #METADATA} to {@code lo} (the tests run as root). */
    static HostServer start() throws IOException, InterruptedException {
        boolean added = ip("addr", "add", METADATA + "/32", "dev", "lo") == 0;
        if (!added && !onLoopback()) {
            throw new IllegalStateException("Could not add " + METADATA + " to lo: the network tests run as root, as .ci/run does.");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("::", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return new HostServer(server, added);
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** This machine's addresses but loopback and IPv6 link-local: its own, its bridges', the engine's. */
    static List<String> hostAddresses() throws IOException {
        List<String> addresses = new ArrayList<>();
        for (NetworkInterface face : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!face.isUp() || face.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(face.getInetAddresses())) {
                if (!address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    String text = address.getHostAddress().replaceFirst("%.*$", "");
                    addresses.add(address instanceof Inet6Address ? "[" + text + "]" : text);
                }
            }
        }
        return addresses;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.stop(0);
        if (metadataAdded) {
            ip("addr", "del", METADATA + "/32", "dev", "lo");
        }
    }

    private static boolean onLoopback() throws IOException {
        return Collections.list(NetworkInterface.getByName("lo").getInetAddresses()).stream()
                .anyMatch(address -> address.getHostAddress().equals(METADATA));
    }

    private static int ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
