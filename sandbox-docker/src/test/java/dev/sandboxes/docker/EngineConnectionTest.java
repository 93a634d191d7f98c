package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.sandboxes.errors.RuntimeUnavailableException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** API version negotiation, against a fake engine on loopback that answers what each test needs. */
class EngineConnectionTest {

    private HttpServer engine;
    private final List<String> paths = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopEngine() {
        if (engine != null) {
            engine.stop(0);
        }
    }

    @Test
    void aNewerEngineIsSpokenToInTheNewestVersionTheLibraryKnows() throws IOException {
        startEngine("{\"Version\":\"29.0.0\",\"ApiVersion\":\"1.52\",\"MinAPIVersion\":\"1.44\"}");
        try (EngineConnection connection = EngineConnection.open(endpoint())) {
            assertEquals("1.44", connection.apiVersion());
            assertEquals("29.0.0", connection.engineVersion());
        }
        assertTrue(paths.contains("/v1.44/info"), paths.toString());
    }

    @Test
    void anOlderEngineIsSpokenToInItsOwnVersion() throws IOException {
        startEngine("{\"Version\":\"20.10.24\",\"ApiVersion\":\"1.41\",\"MinAPIVersion\":\"1.12\"}");
        try (EngineConnection connection = EngineConnection.open(endpoint())) {
            assertEquals("1.41", connection.apiVersion());
        }
        assertTrue(paths.contains("/v1.41/info"), paths.toString());
    }

    @Test
    void anEngineThatNamesNoVersionIsUnavailable() throws IOException {
        startEngine("{\"Version\":\"x\"}");
        RuntimeUnavailableException e = assertThrows(RuntimeUnavailableException.class, () -> EngineConnection.open(endpoint()));
        assertTrue(e.getMessage().contains("ApiVersion"), e.getMessage());
    }

    @Test
    void anEngineThatRefusesEveryVersionTheLibraryKnowsSaysToUpgrade() throws IOException {
        startEngine("{\"Version\":\"40.0.0\",\"ApiVersion\":\"1.60\",\"MinAPIVersion\":\"1.50\"}");
        RuntimeUnavailableException e = assertThrows(RuntimeUnavailableException.class, () -> EngineConnection.open(endpoint()));
        assertTrue(e.getMessage().contains("upgrade"), e.getMessage());
    }

    @Test
    void anEndpointWhereNothingListensIsUnavailableNamingIt() throws IOException {
        startEngine("{}");
        DockerEndpoint closed = endpoint();
        engine.stop(0);
        engine = null;
        RuntimeUnavailableException e = assertThrows(RuntimeUnavailableException.class, () -> EngineConnection.open(closed));
        assertTrue(e.getMessage().contains(closed.host().toString()), e.getMessage());
    }

    private void startEngine(String versionJson) throws IOException {
        engine = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        engine.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            paths.add(path);
            String body = path.endsWith("/version") ? versionJson
                    : path.endsWith("/info") ? "{\"Name\":\"fake\",\"KernelVersion\":\"0\",\"OperatingSystem\":\"fake\"}" : "{}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        engine.start();
    }

    private DockerEndpoint endpoint() {
        return new DockerEndpoint(URI.create("tcp://127.0.0.1:" + engine.getAddress().getPort()), Optional.empty(), "test");
    }
}
