package dev.sandboxes.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.LocalDirectorySSLConfig;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.sandboxes.errors.RuntimeUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One docker-java client for one engine, speaking the API version both understand.
 *
 * <p>docker-java sends no version by default (unversioned paths) and pinning one is worse: Docker 29
 * refuses clients below 1.44 while Debian's engine speaks 1.41. So the engine is asked first
 * ({@code GET /version}, unversioned, which every engine answers) and the lower of its version and
 * the newest docker-java knows is used for everything after. Both requests share one HTTP client.
 */
final class EngineConnection implements AutoCloseable {

    /** The newest API version docker-java 3.7.0 knows. */
    static final RemoteApiVersion NEWEST_SUPPORTED = RemoteApiVersion.VERSION_1_44;

    private static final Logger LOG = LoggerFactory.getLogger(EngineConnection.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final DockerEndpoint endpoint;
    private final DockerHttpClient http;
    private final DockerClient client;
    private final RemoteApiVersion apiVersion;
    private final String engineVersion;
    private final EngineHost host;

    private EngineConnection(DockerEndpoint endpoint, DockerHttpClient http, DockerClient client,
                             RemoteApiVersion apiVersion, String engineVersion, EngineHost host) {
        this.endpoint = endpoint;
        this.http = http;
        this.client = client;
        this.apiVersion = apiVersion;
        this.engineVersion = engineVersion;
        this.host = host;
    }

    /**
     * Connects and negotiates the API version.
     *
     * @throws RuntimeUnavailableException when the engine does not answer
     */
    static EngineConnection open(DockerEndpoint endpoint) {
        ZerodepDockerHttpClient.Builder httpBuilder = new ZerodepDockerHttpClient.Builder()
                .dockerHost(endpoint.host())
                .connectionTimeout(CONNECT_TIMEOUT)
                .maxConnections(100);
        endpoint.tlsCertPath().ifPresent(path -> httpBuilder.sslConfig(new LocalDirectorySSLConfig(path.toString())));
        DockerHttpClient http = httpBuilder.build();
        try {
            JsonNode version = engineVersion(endpoint, http);
            RemoteApiVersion engineApi = apiVersion(endpoint, version, "ApiVersion")
                    .orElseThrow(() -> new RuntimeUnavailableException("The Docker engine at " + endpoint.host()
                            + " did not say which API version it speaks (GET /version has no ApiVersion): is it a Docker engine?"));
            RemoteApiVersion chosen = engineApi.isGreater(NEWEST_SUPPORTED) ? NEWEST_SUPPORTED : engineApi;
            Optional<RemoteApiVersion> oldestAccepted = apiVersion(endpoint, version, "MinAPIVersion");
            if (oldestAccepted.isPresent() && oldestAccepted.get().isGreater(chosen)) {
                throw new RuntimeUnavailableException("The Docker engine at " + endpoint.host() + " accepts API "
                        + oldestAccepted.get() + " and newer, but this library speaks at most " + NEWEST_SUPPORTED
                        + ": upgrade Sandboxes for Java.");
            }
            DefaultDockerClientConfig.Builder config = new DefaultDockerClientConfig.Builder()
                    .withDockerHost(endpoint.host().toString())
                    .withApiVersion(chosen);
            endpoint.tlsCertPath().ifPresent(path -> config.withDockerTlsVerify(true).withDockerCertPath(path.toString()));
            DockerClient client = DockerClientImpl.getInstance(config.build(), http);
            LOG.debug("Connected to Docker {} at {} ({}), API {}", version.path("Version").asText(), endpoint.host(),
                    endpoint.source(), chosen);
            EngineHost host = new DockerErrors(endpoint).call("read the engine's /info", () -> EngineHost.of(client.infoCmd().exec()));
            return new EngineConnection(endpoint, http, client, chosen, version.path("Version").asText(), host);
        } catch (RuntimeException e) {
            closeQuietly(http);
            throw e;
        }
    }

    DockerClient client() {
        return client;
    }

    /** The HTTP client under docker-java, for the few requests it cannot shape (identity encoding). */
    DockerHttpClient http() {
        return http;
    }

    DockerEndpoint endpoint() {
        return endpoint;
    }

    /** The API version in use, such as {@code 1.41}. */
    String apiVersion() {
        return apiVersion.getVersion();
    }

    /** Where the engine runs, as it reports it in {@code /info}. */
    EngineHost host() {
        return host;
    }

    /** The engine's own version, such as {@code 20.10.24+dfsg1}. */
    String engineVersion() {
        return engineVersion;
    }

    @Override
    public void close() {
        closeQuietly(http);
    }

    private static Optional<RemoteApiVersion> apiVersion(DockerEndpoint endpoint, JsonNode version, String field) {
        String text = version.path(field).asText("");
        if (!text.matches("\\d+\\.\\d+")) {
            return Optional.empty();
        }
        return Optional.of(RemoteApiVersion.parseConfig(text));
    }

    private static JsonNode engineVersion(DockerEndpoint endpoint, DockerHttpClient http) {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET).path("/version").build();
        try (DockerHttpClient.Response response = http.execute(request); InputStream body = response.getBody()) {
            if (response.getStatusCode() != 200) {
                throw new RuntimeUnavailableException("The Docker engine at " + endpoint.host() + " (" + endpoint.source()
                        + ") answered GET /version with HTTP " + response.getStatusCode() + ": is it a Docker engine?");
            }
            return new ObjectMapper().readTree(body);
        } catch (IOException | RuntimeException e) {
            if (e instanceof RuntimeUnavailableException unavailable) {
                throw unavailable;
            }
            throw new RuntimeUnavailableException("The Docker engine at " + endpoint.host() + " (" + endpoint.source()
                    + ") does not answer: " + DockerErrors.rootMessage(e)
                    + ". Start Docker, or point DOCKER_HOST at a running engine.", e);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("Closing the Docker HTTP client failed", e);
        }
    }
}
