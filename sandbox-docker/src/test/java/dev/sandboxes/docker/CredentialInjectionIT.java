package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandboxes.Sandbox;
import dev.sandboxes.SandboxBuilder;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import dev.sandboxes.network.CredentialRule;
import dev.sandboxes.network.NetworkLogEntry;
import dev.sandboxes.network.NetworkPolicy;
import dev.sandboxes.network.Secret;
import dev.sandboxes.spi.LabelCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Credential rules against the real engine: an HTTPS server of the test's own ({@link HttpsStandIn})
 * stands in for an API host under its real name; requests from the sandbox (curl, Python, Node)
 * arrive there with the secret, which the sandbox never holds; an upstream the proxy cannot verify
 * never receives it; the rules' limits, rotation, and the sandbox's attempts to get around the
 * proxy or read it. Where the secret is searched for: {@link SecretSearch}.
 */
class CredentialInjectionIT {

    static final String API = "api.stand-in.test";
    static final String OTHER = "other.stand-in.test";
    private static final String SECRET = "sk-stand-in-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    private static final String PLACEHOLDER = "placeholder-the-sandbox-holds";
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final String ANTHROPIC = "api.anthropic.com";
    private static final String GEMINI = "generativelanguage.googleapis.com";
    private static final String OPENAI = "api.openai.com";

    private static HttpsStandIn standIn;
    private final DockerTestSupport support = new DockerTestSupport();

    @BeforeAll
    static void startStandIn() throws Exception {
        // The agents' requests are answered slowly: the agent is still running when the test looks at it.
        standIn = HttpsStandIn.start(List.of(ANTHROPIC, GEMINI, OPENAI), API, OTHER, ANTHROPIC, GEMINI, OPENAI);
    }

    @AfterAll
    static void stopStandIn() {
        if (standIn != null) {
            standIn.close();
        }
    }

    @AfterEach
    void cleanUp() {
        support.close();
        standIn.clear();
    }

    /** A sandbox of the base template (curl, Python, Node) whose rule puts {@link #SECRET} into x-api-key for {@link #API}. */
    static SandboxBuilder builder(DockerTestSupport support, Path workspace, CredentialRule rule) throws Exception {
        return Sandboxes.forWorkspace(workspace).template(dev.sandboxes.templates.Template.builtIn("base"))
                .templateSettings(BuiltInTemplatesIT.settings()).runtime(DockerTestSupport.runtime())
                .gitIdentity("Credential Tester", "tester@example.com")
                // The stand-in's address is a private one: named exactly, it is allowed.
                .network(NetworkPolicy.open().andAllow(API, OTHER, HttpsStandIn.UNTRUSTED, HttpsStandIn.WRONG_NAME))
                .trustUpstreamCertificates(standIn.caFile(workspace))
                .credential(rule);
    }

    private static CredentialRule rule(String secret) {
        return CredentialRule.header(API, "x-api-key", "{secret}", Secret.of(secret));
    }

    @Test
    void curlPythonAndNodeReachTheHostWithTheSecretWhileTheSandboxSendsOnlyAPlaceholder() throws Exception {
        try (Sandbox sandbox = builder(support, support.newWorkspace("inject"), rule(SECRET)).open()) {
            ExecResult curl = run(sandbox, "curl", "-sS", "-H", "x-api-key: " + PLACEHOLDER, "https://" + API + "/v1/curl");
            assertEquals("{\"ok\":true}", curl.stdout(), curl::toString);
            // Python's urllib reads HTTPS_PROXY and trusts what SSL_CERT_FILE names.
            ExecResult python = run(sandbox, "python3", "-c", "import urllib.request as u;"
                    + " r = u.urlopen(u.Request('https://" + API + "/v1/python', headers={'x-api-key': '" + PLACEHOLDER + "'}));"
                    + " print(r.read().decode())");
            assertEquals("{\"ok\":true}", python.stdout().strip(), python::stderr);
            // Node's https ignores HTTPS_PROXY: a tunnel through the proxy by hand, as proxy agents do;
            // the proxy's certificate is trusted through NODE_EXTRA_CA_CERTS.
            ExecResult node = run(sandbox, "node", "-e", String.join("\n",
                    "const http = require('http'), tls = require('tls');",
                    "http.request({host: 'egress-proxy', port: 3128, method: 'CONNECT', path: '" + API + ":443'})",
                    "  .on('connect', (res, socket) => {",
                    "    const s = tls.connect({socket, servername: '" + API + "'}, () => s.write('GET /v1/node HTTP/1.1\\r\\nHost: "
                            + API + "\\r\\nx-api-key: " + PLACEHOLDER + "\\r\\nConnection: close\\r\\n\\r\\n'));",
                    "    let out = ''; s.on('data', d => out += d); s.on('end', () => { console.log(out.split('\\r\\n\\r\\n')[1]); });",
                    "    s.on('error', e => { console.error(e.message); process.exit(1); });",
                    "  }).end();"));
            assertEquals("{\"ok\":true}", node.stdout().strip(), node::toString);

            for (String client : List.of("curl", "python", "node")) {
                JsonNode request = only(standIn.requests(), "/v1/" + client);
                assertEquals(List.of(SECRET), values(request, "x-api-key"), () -> client + ": " + request);
            }
            // What the sandbox itself holds is the placeholder only.
            assertFalse(root(sandbox, "cat /proc/*/environ /proc/*/cmdline 2>/dev/null").stdout().contains(SECRET));
        }
    }

    @Test
    void otherHostsGetThePlaceholderAndUpstreamsTheProxyCannotVerifyGetNothing() throws Exception {
        Path workspace = support.newWorkspace("inject-others");
        CredentialRule untrusted = CredentialRule.header(HttpsStandIn.UNTRUSTED, "x-api-key", "{secret}", Secret.of(SECRET));
        CredentialRule wrongName = CredentialRule.header(HttpsStandIn.WRONG_NAME, "x-api-key", "{secret}", Secret.of(SECRET));
        try (Sandbox sandbox = builder(support, workspace, rule(SECRET)).credential(untrusted).credential(wrongName).open()) {
            // No rule for OTHER: tunnelled untouched, so the sandbox must trust the stand-in itself.
            sandbox.writeFile("/tmp/stand-in-ca.pem", standIn.caPem().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            ExecResult other = run(sandbox, "curl", "-sS", "--cacert", "/tmp/stand-in-ca.pem", "-H", "x-api-key: " + PLACEHOLDER,
                    "https://" + OTHER + "/v1/other");
            assertEquals("{\"ok\":true}", other.stdout(), other::toString);
            assertEquals(List.of(PLACEHOLDER), values(only(standIn.requests(), "/v1/other"), "x-api-key"));

            for (String upstream : List.of(HttpsStandIn.UNTRUSTED + ":8443", HttpsStandIn.WRONG_NAME + ":9443")) {
                ExecResult refused = run(sandbox, "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                        "https://" + upstream + "/v1/refused");
                assertEquals("503", refused.stdout(), () -> upstream + ": " + refused);
            }
            assertTrue(standIn.requests().stream().noneMatch(r -> r.get("path").asText().equals("/v1/refused")),
                    () -> "an upstream the proxy cannot verify got a request: " + standIn.requests());
        }
    }

    @Test
    void requestsOutsideARulesMethodsAndPathsAreRefusedAndLogged() throws Exception {
        CredentialRule limited = rule(SECRET).only(Set.of("POST"), List.of("/v1/"));
        try (Sandbox sandbox = builder(support, support.newWorkspace("inject-limits"), limited).open()) {
            assertEquals("200", status(sandbox, "-X", "POST", "https://" + API + "/v1/allowed"));
            assertEquals("403", status(sandbox, "https://" + API + "/v1/wrong-method"));
            assertEquals("403", status(sandbox, "-X", "POST", "https://" + API + "/v2/wrong-path"));
            // Prefixes that servers would read as another path: dot segments, encoded or not.
            assertEquals("403", status(sandbox, "--path-as-is", "-X", "POST", "https://" + API + "/v1/../v2/dots"));
            assertEquals("403", status(sandbox, "-X", "POST", "https://" + API + "/v1/%2e%2e/v2/encoded"));
            List<String> paths = standIn.requests().stream().map(r -> r.get("path").asText()).toList();
            assertEquals(List.of("/v1/allowed"), paths);
            List<NetworkLogEntry> log = sandbox.networkLog();
            assertEquals(4, log.stream().filter(e -> e.host().equals(API) && !e.allowed()).count(), log::toString);
            assertEquals(5, log.stream().filter(e -> e.host().equals(API) && e.method().equals("CONNECT")).count(),
                    () -> "each of the five tunnels' CONNECT is logged once: " + log);
            assertTrue(log.stream().anyMatch(e -> e.host().equals(API) && e.allowed() && e.method().equals("POST")
                    && e.port() == 443), log::toString);
        }
    }

    @Test
    void aRulesSecretGoesOnlyThroughATunnelToItsOwnHost() throws Exception {
        String otherSecret = SECRET + "-other";
        CredentialRule otherRule = CredentialRule.header(OTHER, "x-api-key", "{secret}", Secret.of(otherSecret));
        try (Sandbox sandbox = builder(support, support.newWorkspace("inject-switch"), rule(SECRET)).credential(otherRule).open()) {
            // In OTHER's tunnel, a request that names API (by Host header, or by absolute URL) is refused:
            // OTHER's server would get API's secret.
            assertEquals("403", status(sandbox, "-H", "Host: " + API, "https://" + OTHER + "/v1/switched-host"));
            assertEquals("403", status(sandbox, "--request-target", "https://" + API + "/v1/switched-url",
                    "https://" + OTHER + "/v1/switched-url"));
            assertEquals("200", status(sandbox, "https://" + OTHER + "/v1/own"));
            assertEquals(List.of(otherSecret), values(only(standIn.requests(), "/v1/own"), "x-api-key"));
            assertTrue(standIn.requests().stream().noneMatch(r -> r.get("path").asText().contains("switched")),
                    standIn.requests()::toString);
            // The proxy's own decrypting port and its forward are not destinations.
            for (String port : List.of("3129", "3130")) {
                // Asked of the proxy explicitly: NO_PROXY sends 127.0.0.1 around it (where nothing listens).
                ExecResult connect = run(sandbox, "curl", "-sS", "-o", "/dev/null", "-w", "%{http_connect}",
                        "--noproxy", "", "-x", "http://" + EgressProxies.ALIAS + ":" + SquidConfig.PORT, "https://127.0.0.1:" + port + "/");
                assertEquals("403", connect.stdout(), () -> port + ": " + connect.stderr());
            }
        }
    }

    @Test
    void aRotatedSecretIsSentFromTheNextRequestOnWithoutRestartingTheSandbox() throws Exception {
        try (Sandbox sandbox = builder(support, support.newWorkspace("inject-rotate"), rule(SECRET)).open()) {
            String started = sandbox.info().summary().created().toString();
            assertEquals("200", status(sandbox, "https://" + API + "/v1/before"));
            String rotated = SECRET + "-rotated";
            sandbox.updateCredentials(List.of(rule(rotated)));
            assertEquals("200", status(sandbox, "https://" + API + "/v1/after"));
            assertEquals(List.of(SECRET), values(only(standIn.requests(), "/v1/before"), "x-api-key"));
            assertEquals(List.of(rotated), values(only(standIn.requests(), "/v1/after"), "x-api-key"));
            assertEquals(started, sandbox.info().summary().created().toString());

            // No rules at all: the sandbox's own header goes out as it is.
            sandbox.updateCredentials(List.of());
            sandbox.writeFile("/tmp/stand-in-ca.pem", standIn.caPem().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            run(sandbox, "curl", "-sS", "--cacert", "/tmp/stand-in-ca.pem", "-H", "x-api-key: " + PLACEHOLDER,
                    "https://" + API + "/v1/none");
            assertEquals(List.of(PLACEHOLDER), values(only(standIn.requests(), "/v1/none"), "x-api-key"));
        }
    }

    @Test
    void theSandboxCannotGetAroundTheProxyNorReadItsRules() throws Exception {
        try (Sandbox sandbox = builder(support, support.newWorkspace("inject-attacks"), rule(SECRET)).open()) {
            // Around the proxy, as root: the stand-in's own address has no route, and its name does not resolve.
            String address = DockerTestSupport.docker().inspectContainerCmd(standIn.containerId()).exec().getNetworkSettings()
                    .getNetworks().get(EgressNetworks.EGRESS_NETWORK).getIpAddress();
            ExecResult direct = sandbox.exec(ExecRequest.of("python3", "-c", "import socket, sys;"
                    + " socket.create_connection((sys.argv[1], 443), 5); print('connected')", address).asRoot().withTimeout(LIMIT));
            assertNotEquals(0, direct.exitCode(), direct::toString);
            assertTrue(List.of("unreachable", "No route to host", "timed out").stream().anyMatch(direct.stderr()::contains),
                    direct::stderr);
            ExecResult unproxied = root(sandbox, "curl -sS --max-time 10 --noproxy '*' https://" + API + "/v1/unproxied");
            assertNotEquals(0, unproxied.exitCode(), unproxied::toString);
            // The proxy's admin interface and files, asked of the proxy in every form it could take.
            for (String target : List.of("http://egress-proxy:3128/squid-internal-mgr/config", "cache_object://egress-proxy/config",
                    "file://" + SquidConfig.CREDENTIALS, "ftp://egress-proxy/run/sandboxes-secrets/credentials.conf")) {
                ExecResult asked = sandbox.exec(ExecRequest.of("python3", "-c", "import socket, sys;"
                        + " s = socket.create_connection(('egress-proxy', 3128), 10);"
                        + " s.sendall(('GET ' + sys.argv[1] + ' HTTP/1.0\\r\\n\\r\\n').encode());"
                        + " print(s.recv(65536).decode(errors='replace'))", target).asRoot().withTimeout(LIMIT));
                assertFalse(asked.stdout().contains(SECRET), target);
                assertTrue(asked.stdout().startsWith("HTTP/1.1 403") || asked.stdout().startsWith("HTTP/1.1 400"),
                        () -> target + ": " + asked.stdout().lines().findFirst().orElse(""));
            }
            assertEquals(List.of(), standIn.requests().stream().filter(r -> r.get("path").asText().contains("unproxied")).toList());
        }
    }

    @Test
    void aSandboxMadeWithoutRulesRefusesThemLaterAndNamesTheWayOut() throws Exception {
        Path workspace = support.newWorkspace("inject-later");
        try (Sandbox sandbox = support.builder(workspace).open()) {
            SandboxStateException refused = assertThrows(SandboxStateException.class,
                    () -> sandbox.updateCredentials(List.of(rule(SECRET))));
            assertTrue(refused.getMessage().contains("recreate()"), refused::getMessage);
            assertFalse(refused.getMessage().contains(SECRET), refused::getMessage);
        }
        assertThrows(dev.sandboxes.errors.InvalidSandboxConfigException.class, () -> support.builder(workspace)
                .network(NetworkPolicy.direct()).credential(rule(SECRET)).open());
    }

    @Test
    void theSecretIsNowhereButInTheProxysMemoryAndTheRequests() throws Exception {
        java.nio.file.attribute.FileTime since = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(2));
        SecretSearch search = new SecretSearch(SECRET);
        List<String> found = new java.util.ArrayList<>();
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = System.err;
        java.io.PrintStream out = System.out;
        String saved = "sandboxes-secret-search:" + Long.toHexString(System.nanoTime());
        try {
            System.setErr(new java.io.PrintStream(new TeeStream(err, captured), true));
            System.setOut(new java.io.PrintStream(new TeeStream(out, captured), true));
            try (Sandbox sandbox = builder(support, support.newWorkspace("inject-search"), rule(SECRET)).open()) {
                assertEquals("200", status(sandbox, "https://" + API + "/v1/search"));
                assertEquals(List.of(SECRET), values(only(standIn.requests(), "/v1/search"), "x-api-key"));
                String proxy = sandbox.info().labels().get(EgressProxies.PROXY_LABEL);
                found.addAll(search.inContainer(sandbox.id()));
                // In the proxy: only on its tmpfs.
                found.addAll(search.inContainer(proxy, "sandboxes-secrets"));
                found.addAll(search.inInspect(sandbox.id()));
                found.addAll(search.inInspect(proxy));
                found.addAll(search.inText("info()", sandbox.info().toString()));
                found.addAll(search.inText("the audit log", sandbox.auditLog().toString()));
                found.addAll(search.inText("the network log", sandbox.networkLog().toString()));
                found.addAll(search.inText("the proxy's container log", String.join("\n", DockerTestSupport.runtime()
                        .exec(proxy, ExecRequest.of("sh", "-c", "cat /var/log/squid/*").asRoot().inDirectory("/")).stdout())));
                sandbox.save(saved);
                found.addAll(search.inSavedImage(saved));
                Path dataRoot = Path.of(DockerTestSupport.docker().infoCmd().exec().getDockerRootDir());
                found.addAll(search.inDockerData(dataRoot, since, standIn.containerId()));
                // The searches can find it: on the proxy's tmpfs, and in what the stand-in (the real host) recorded.
                assertEquals(List.of(proxy + ":" + SquidConfig.CREDENTIALS), search.inContainer(proxy));
                assertFalse(search.inDockerData(dataRoot, since).isEmpty(), "the stand-in's record of the requests");
            }
        } finally {
            System.setErr(err);
            System.setOut(out);
            try {
                DockerTestSupport.docker().removeImageCmd(saved).withForce(true).exec();
            } catch (com.github.dockerjava.api.exception.NotFoundException notSaved) {
                // The test failed before it saved.
            }
        }
        found.addAll(search.inText("the test's output and logs", captured.toString(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(List.of(), found);
    }

    /** Writes to two streams: what the test prints still shows, and is searched. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        TeeStream(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }

    @Test
    void claudeCodeSendsItsKeyThroughTheProxyAndHoldsOnlyThePlaceholder() throws Exception {
        agentSendsItsKeyThroughTheProxy("claude", "ANTHROPIC_API_KEY", ANTHROPIC, "x-api-key", SECRET);
    }

    @Test
    void geminiCliSendsItsKeyThroughTheProxyAndHoldsOnlyThePlaceholder() throws Exception {
        agentSendsItsKeyThroughTheProxy("gemini", "GEMINI_API_KEY", GEMINI, "x-goog-api-key", SECRET);
    }

    @Test
    void codexSendsItsKeyThroughTheProxyAndHoldsOnlyThePlaceholder() throws Exception {
        agentSendsItsKeyThroughTheProxy("codex", "OPENAI_API_KEY", OPENAI, "authorization", "Bearer " + SECRET);
    }

    /**
     * The real agent CLI, in its template, headless, with its key given to the library: its first
     * request to its provider (the stand-in, under the provider's name) carries the real key, and the
     * sandbox holds only the placeholder. The stand-in's answer is no real API's, so the run is
     * cancelled once the request arrived.
     */
    private void agentSendsItsKeyThroughTheProxy(String agent, String variable, String host, String header, String expected)
            throws Exception {
        Path workspace = support.newWorkspace("inject-" + agent);
        try (Sandbox sandbox = Sandboxes.forWorkspace(workspace).agent(agent).templateSettings(BuiltInTemplatesIT.settings())
                .runtime(DockerTestSupport.runtime()).gitIdentity("Credential Tester", "tester@example.com")
                .network(NetworkPolicy.open().andAllow(host))
                .trustUpstreamCertificates(standIn.caFile(workspace))
                .apiKey(variable, SECRET).open()) {
            assertEquals("proxy", sandbox.info().labels().get(dev.sandboxes.spi.LabelCodec.CREDENTIALS));
            dev.sandboxes.agents.AgentRun run = sandbox.agent().prompt(dev.sandboxes.agents.AgentPrompt.of("Say hello.")
                    .withTimeout(Duration.ofMinutes(3)));
            try {
                Await.until(() -> !fromHost(host).isEmpty() || run.result().isDone(), Duration.ofMinutes(2),
                        () -> agent + " to send a request to " + host);
                List<JsonNode> requests = fromHost(host);
                assertFalse(requests.isEmpty(), () -> agent + " sent nothing; its run: " + run.result().join());
                // For the record: what each agent CLI asked of its provider.
                System.out.println(agent + " asked " + host + " for " + requests.stream().map(r -> r.get("method").asText()
                        + " " + r.get("path").asText()).toList());
                for (JsonNode request : requests) {
                    assertEquals(List.of(expected), values(request, header), () -> agent + ": " + request.get("path"));
                }
                // While the agent runs: its processes hold the placeholder only (the whole search is another test's).
                // As the agent: the sandbox's root has no CAP_SYS_PTRACE, so it cannot read the agent's environment.
                ExecResult processes = sandbox.exec(ExecRequest.of("sh", "-c", "cat /proc/[0-9]*/environ 2>/dev/null; true"));
                assertTrue(processes.stdout().contains(variable + "=" + dev.sandboxes.agents.Agents.named(agent)
                        .placeholderKey()), () -> agent + "'s run holds no placeholder: " + java.util.Arrays.stream(processes.stdout()
                        .split("\u0000")).filter(v -> v.contains("KEY")).toList());
                assertFalse(processes.stdout().contains(SECRET), () -> agent + "'s run holds the key");
            } finally {
                run.cancel();
            }
        }
    }

    private static List<JsonNode> fromHost(String host) {
        return standIn.requests().stream().filter(r -> values(r, "host").stream().anyMatch(h -> h.startsWith(host))).toList();
    }

    static JsonNode only(List<JsonNode> requests, String path) {
        List<JsonNode> matching = requests.stream().filter(r -> r.get("path").asText().equals(path)).toList();
        assertEquals(1, matching.size(), () -> "requests for " + path + ": " + requests);
        return matching.get(0);
    }

    static List<String> values(JsonNode request, String header) {
        List<String> values = new java.util.ArrayList<>();
        request.get("headers").path(header).forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String status(Sandbox sandbox, String... curlArgs) {
        List<String> argv = new java.util.ArrayList<>(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                "-H", "x-api-key: " + PLACEHOLDER));
        argv.addAll(List.of(curlArgs));
        return run(sandbox, argv.toArray(String[]::new)).stdout();
    }

    static ExecResult run(Sandbox sandbox, String... argv) {
        return sandbox.exec(ExecRequest.of(argv).withTimeout(LIMIT));
    }

    static ExecResult root(Sandbox sandbox, String command) {
        return sandbox.exec(ExecRequest.of("sh", "-c", command).asRoot().withTimeout(LIMIT));
    }
}
