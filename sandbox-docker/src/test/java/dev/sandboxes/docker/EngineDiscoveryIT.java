package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.core.RemoteApiVersion;
import dev.sandboxes.Sandbox;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.spi.RuntimeConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding the engine as Docker users expect, against real endpoints: the default socket, an
 * explicit DOCKER_HOST, and a Docker context pointing at a second endpoint (a loopback relay to the
 * same engine, which counts the connections it carried).
 */
class EngineDiscoveryIT {

    private static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");

    private final DockerTestSupport support = new DockerTestSupport();

    @TempDir
    Path home;

    @AfterEach
    void cleanUp() {
        support.close();
    }

    @Test
    void withNothingConfiguredTheDefaultSocketIsUsed() throws Exception {
        try (DockerSandboxRuntime runtime = new DockerRuntimeProvider().create(bareConfig())) {
            assertEquals(URI.create("unix://" + DEFAULT_SOCKET), runtime.endpoint().host());
            assertOpensAndRuns(runtime);
        }
    }

    @Test
    void anExplicitDockerHostIsUsed() throws Exception {
        try (LoopbackDockerProxy proxy = new LoopbackDockerProxy(DEFAULT_SOCKET);
             DockerSandboxRuntime runtime = new DockerRuntimeProvider()
                     .create(bareConfig().withEnv("DOCKER_HOST", proxy.tcpAddress().toString()))) {
            assertEquals(proxy.tcpAddress(), runtime.endpoint().host());
            assertOpensAndRuns(runtime);
            assertTrue(proxy.connections() > 0, "no connection went through DOCKER_HOST");
        }
    }

    @Test
    void theCurrentDockerContextPointsAtASecondEndpoint() throws Exception {
        try (LoopbackDockerProxy proxy = new LoopbackDockerProxy(DEFAULT_SOCKET)) {
            writeContext("second", proxy.tcpAddress());
            try (DockerSandboxRuntime runtime = new DockerRuntimeProvider().create(bareConfig())) {
                assertEquals(proxy.tcpAddress(), runtime.endpoint().host());
                assertTrue(runtime.endpoint().source().contains("second"), runtime.endpoint().source());
                assertOpensAndRuns(runtime);
                assertTrue(proxy.connections() > 0, "no connection went through the context's endpoint");
            }
        }
    }

    @Test
    void theApiVersionIsTheLowerOfTheEnginesAndTheNewestSupported() throws Exception {
        RemoteApiVersion engine = RemoteApiVersion.parseConfig(dockerCli("version", "--format", "{{.Server.APIVersion}}"));
        RemoteApiVersion expected = engine.isGreater(EngineConnection.NEWEST_SUPPORTED)
                ? EngineConnection.NEWEST_SUPPORTED : engine;
        assertEquals(expected.getVersion(), DockerTestSupport.runtime().apiVersion());
    }

    /** The host's environment without any Docker settings, and an empty home. */
    private RuntimeConfig bareConfig() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(name -> name.startsWith("DOCKER_"));
        return new RuntimeConfig(env, home);
    }

    private void writeContext(String name, URI host) throws IOException {
        Path docker = Files.createDirectories(home.resolve(".docker"));
        Files.writeString(docker.resolve("config.json"), "{\"currentContext\": \"" + name + "\"}");
        Path meta = Files.createDirectories(docker.resolve("contexts/meta/" + DockerEndpointResolver.contextHash(name)));
        Files.writeString(meta.resolve("meta.json"), "{\"Name\":\"" + name + "\",\"Metadata\":{},"
                + "\"Endpoints\":{\"docker\":{\"Host\":\"" + host + "\",\"SkipTLSVerify\":false}}}");
    }

    private void assertOpensAndRuns(DockerSandboxRuntime runtime) throws IOException {
        Path workspace = support.newWorkspace("discovery");
        try (Sandbox sandbox = Sandboxes.forWorkspace(workspace).template(DockerTestSupport.TEMPLATE).runtime(runtime).open()) {
            assertEquals("through " + runtime.endpoint().host() + "\n",
                    sandbox.exec("echo", "through " + runtime.endpoint().host()).stdout());
        }
    }

    private static String dockerCli(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "docker";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.waitFor(), output);
        return output;
    }
}
