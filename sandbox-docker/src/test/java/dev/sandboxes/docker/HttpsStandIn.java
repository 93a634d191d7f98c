package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import dev.sandboxes.TemplateManager;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HTTPS servers of the test's own standing in for API hosts, in one container of the base template
 * on the egress proxies' network, reached under the real host names (network aliases), so that no
 * client needs a base-URL override. It records every request it receives (port, method, path,
 * headers) and answers {@code {"ok":true}}; for the hosts it is told are slow, only after two
 * minutes, so that a client stays in the middle of its request while the test looks at it.
 *
 * <ul>
 *   <li>port 443: a certificate for every name given, signed by the stand-in's own CA ({@link #caFile()});
 *   <li>port 8443: a self-signed certificate (untrusted) for {@link #UNTRUSTED};
 *   <li>port 9443: a certificate signed by the CA, but for another name ({@link #WRONG_NAME} is not in it).
 * </ul>
 */
final class HttpsStandIn implements AutoCloseable {

    static final String UNTRUSTED = "untrusted.stand-in.test";
    static final String WRONG_NAME = "wrong-name.stand-in.test";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String SERVER = String.join("\n",
            "import http.server, json, os, ssl, threading, time",
            "slow = os.environ.get('SLOW_HOSTS', '').split()",
            "class Recorder(http.server.BaseHTTPRequestHandler):",
            "    protocol_version = 'HTTP/1.1'",
            // Headers and body go in two writes: without this, Nagle's algorithm and delayed ACKs add 40 ms.
            "    disable_nagle_algorithm = True",
            "    def answer(self):",
            "        length = int(self.headers.get('Content-Length') or 0)",
            "        if length: self.rfile.read(length)",
            "        record = {'port': self.server.server_address[1], 'method': self.command, 'path': self.path,",
            "                  'headers': {k.lower(): self.headers.get_all(k) for k in self.headers.keys()}}",
            "        with open('/srv/requests.jsonl', 'a') as log: log.write(json.dumps(record) + '\\n')",
            "        if (self.headers.get('Host') or '').split(':')[0] in slow: time.sleep(120)",
            "        body = b'{\"ok\":true}'",
            "        self.send_response(200)",
            "        self.send_header('Content-Type', 'application/json')",
            "        self.send_header('Content-Length', str(len(body)))",
            "        self.end_headers()",
            "        self.wfile.write(body)",
            "    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = answer",
            "    def log_message(self, *args): pass",
            "def serve(port, name):",
            "    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)",
            "    context.load_cert_chain('/srv/' + name + '.pem', '/srv/' + name + '.key')",
            "    server = http.server.ThreadingHTTPServer(('0.0.0.0', port), Recorder)",
            "    server.socket = context.wrap_socket(server.socket, server_side=True)",
            "    threading.Thread(target=server.serve_forever, daemon=True).start()",
            "serve(8443, 'untrusted'); serve(9443, 'wrongname'); serve(443, 'trusted')",
            "open('/srv/ready', 'w').close()",
            "threading.Event().wait()");

    private final String container;
    private final List<String> names;

    private HttpsStandIn(String container, List<String> names) {
        this.container = container;
        this.names = names;
    }

    /**
     * Starts the stand-in for these host names (and {@link #UNTRUSTED}, {@link #WRONG_NAME}) on the
     * egress proxies' network, and waits until it serves.
     */
    static HttpsStandIn start(List<String> slowHosts, String... hostNames) throws Exception {
        TemplateManager templates = new TemplateManager(DockerTestSupport.runtime(), BuiltInTemplatesIT.settings());
        String image = templates.build("base", p -> { });
        new EgressNetworks(DockerTestSupport.docker(), EgressNetworks.poolFromEnvironment()).ensureEgressNetwork();
        var docker = DockerTestSupport.docker();
        String id = docker.createContainerCmd(image).withUser("root").withWorkingDir("/")
                .withEntrypoint("python3", "-c", SERVER)
                .withEnv("SLOW_HOSTS=" + String.join(" ", slowHosts))
                .withLabels(Map.of("dev.sandboxes.test", "https-stand-in"))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(EgressNetworks.EGRESS_NETWORK))
                .exec().getId();
        HttpsStandIn standIn = new HttpsStandIn(id, List.of(hostNames));
        try {
            // The base template has no openssl: the proxy's image, which has, makes the certificates.
            try (var certificates = makeCertificates(templates.build("egress-proxy", p -> { }), hostNames)) {
                docker.copyArchiveToContainerCmd(id).withTarInputStream(certificates).withRemotePath("/").exec();
            }
            // Aliases are given on connecting: the network the container was created on is joined again with them.
            docker.disconnectFromNetworkCmd().withNetworkId(EgressNetworks.EGRESS_NETWORK).withContainerId(id).exec();
            List<String> aliases = new ArrayList<>(List.of(hostNames));
            aliases.addAll(List.of(UNTRUSTED, WRONG_NAME));
            docker.connectToNetworkCmd().withNetworkId(EgressNetworks.EGRESS_NETWORK).withContainerId(id)
                    .withContainerNetwork(new ContainerNetwork().withAliases(aliases)).exec();
            docker.startContainerCmd(id).exec();
            Await.until(() -> standIn.root("test -e /srv/ready").exitCode() == 0, java.time.Duration.ofSeconds(30),
                    () -> "the HTTPS stand-in to serve");
        } catch (Exception | Error e) {
            standIn.close();
            throw e;
        }
        return standIn;
    }

    /** The stand-in's CA and certificates, made by openssl in a short-lived container: /srv as a tar stream. */
    private static java.io.InputStream makeCertificates(String opensslImage, String... hostNames) throws Exception {
        String sans = String.join(",", java.util.Arrays.stream(hostNames).map(n -> "DNS:" + n).toList());
        String script = String.join("\n",
                "set -e",
                "mkdir -p /srv && cd /srv",
                "key() { openssl ecparam -name prime256v1 -genkey -noout -out \"$1.key\"; }",
                "key ca",
                "openssl req -x509 -new -key ca.key -days 2 -subj '/CN=Stand-in CA'"
                        + " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign -out ca.pem",
                "issue() {",
                "  key \"$1\"",
                "  openssl req -new -key \"$1.key\" -subj \"/CN=$1\" -out \"$1.csr\"",
                "  printf 'subjectAltName=%s\\nbasicConstraints=CA:FALSE\\nextendedKeyUsage=serverAuth\\n' \"$2\" > \"$1.ext\"",
                "  openssl x509 -req -in \"$1.csr\" -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile \"$1.ext\""
                        + " -out \"$1.pem\" 2>/dev/null",
                "}",
                "issue trusted '" + sans + "'",
                "issue wrongname DNS:elsewhere.test",
                "key untrusted",
                "openssl req -x509 -new -key untrusted.key -days 2 -subj /CN=" + UNTRUSTED
                        + " -addext subjectAltName=DNS:" + UNTRUSTED + " -out untrusted.pem",
                "chmod 644 /srv/*");
        var docker = DockerTestSupport.docker();
        String maker = docker.createContainerCmd(opensslImage).withUser("root").withEntrypoint("sh", "-c", script)
                .withLabels(Map.of("dev.sandboxes.test", "https-stand-in")).exec().getId();
        try {
            docker.startContainerCmd(maker).exec();
            int exit = docker.waitContainerCmd(maker).start().awaitStatusCode(60, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(0, exit, "openssl made no certificates");
            try (var tar = docker.copyArchiveFromContainerCmd(maker, "/srv").exec()) {
                return new java.io.ByteArrayInputStream(tar.readAllBytes());
            }
        } finally {
            docker.removeContainerCmd(maker).withForce(true).exec();
        }
    }

    /** Its CA certificate, as a file for {@code trustUpstreamCertificates}. */
    Path caFile(Path folder) throws IOException {
        return Files.writeString(folder.resolve("stand-in-ca.pem"), caPem(), StandardCharsets.US_ASCII);
    }

    String caPem() {
        return root("cat /srv/ca.pem").stdout();
    }

    /** The requests received so far, in order. */
    List<JsonNode> requests() {
        List<JsonNode> requests = new ArrayList<>();
        for (String line : root("cat /srv/requests.jsonl 2>/dev/null || true").stdout().lines().toList()) {
            try {
                requests.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return requests;
    }

    /** Forgets what was received. */
    void clear() {
        assertEquals(0, root("rm -f /srv/requests.jsonl").exitCode());
    }

    String containerId() {
        return container;
    }

    private ExecResult root(String command) {
        return DockerTestSupport.runtime().exec(container, ExecRequest.of("sh", "-c", command).asRoot().inDirectory("/"));
    }

    @Override
    public void close() {
        DockerTestSupport.docker().removeContainerCmd(container).withForce(true).exec();
    }

    @Override
    public String toString() {
        return "HTTPS stand-in for " + names;
    }
}
