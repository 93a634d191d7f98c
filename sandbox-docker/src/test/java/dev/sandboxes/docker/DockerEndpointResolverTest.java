package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.errors.RuntimeUnavailableException;
import dev.sandboxes.spi.RuntimeConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Resolution against a fake home folder; plain files stand in for sockets. No engine needed. */
class DockerEndpointResolverTest {

    @TempDir
    Path home;

    /** Stands in for /var/run/docker.sock, which a test cannot create. */
    Path systemSocket;

    RuntimeConfig config;

    @BeforeEach
    void setUp() {
        systemSocket = home.resolve("var/run/docker.sock");
        config = new RuntimeConfig(Map.of(), home);
    }

    // --- DOCKER_HOST ---

    @Test
    void dockerHostUnixWinsOverContextAndSockets() throws IOException {
        context(home.resolve(".docker"), "remote", "tcp://remote:2375");
        socket(systemSocket);
        Path sock = home.resolve("custom/docker.sock");

        DockerEndpoint endpoint = resolve(config
                .withEnv("DOCKER_HOST", "unix://" + sock)
                .withEnv("DOCKER_CONTEXT", "remote"));

        assertEquals(URI.create("unix://" + sock), endpoint.host());
        assertEquals(Optional.of(sock), endpoint.socketPath());
        assertTrue(endpoint.isUnixSocket());
        assertEquals("DOCKER_HOST", endpoint.source());
    }

    @Test
    void dockerHostTcpWithoutTlsDefaultsToPort2375AndNoCerts() {
        DockerEndpoint endpoint = resolve(config
                .withEnv("DOCKER_HOST", "tcp://build-host")
                .withEnv("DOCKER_CERT_PATH", "/certs"));

        assertEquals(URI.create("tcp://build-host:2375"), endpoint.host());
        assertEquals(Optional.empty(), endpoint.tlsCertPath());
        assertFalse(endpoint.isUnixSocket());
        assertEquals(Optional.empty(), endpoint.socketPath());
    }

    @Test
    void dockerHostTcpKeepsAnExplicitPort() {
        DockerEndpoint endpoint = resolve(config.withEnv("DOCKER_HOST", "tcp://10.0.0.5:12375"));

        assertEquals(URI.create("tcp://10.0.0.5:12375"), endpoint.host());
    }

    @Test
    void tlsVerifyWithCertPathUsesThatPathAndPort2376() {
        DockerEndpoint endpoint = resolve(config
                .withEnv("DOCKER_HOST", "tcp://build-host")
                .withEnv("DOCKER_TLS_VERIFY", "1")
                .withEnv("DOCKER_CERT_PATH", "/etc/docker-certs"));

        assertEquals(URI.create("tcp://build-host:2376"), endpoint.host());
        assertEquals(Optional.of(Path.of("/etc/docker-certs")), endpoint.tlsCertPath());
    }

    @Test
    void tlsVerifyWithoutCertPathUsesDotDocker() {
        DockerEndpoint endpoint = resolve(config
                .withEnv("DOCKER_HOST", "tcp://build-host:2376")
                .withEnv("DOCKER_TLS_VERIFY", "1"));

        assertEquals(Optional.of(home.resolve(".docker")), endpoint.tlsCertPath());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "false", "FALSE"})
    void tlsVerifyZeroOrFalseMeansNoTls(String value) {
        DockerEndpoint endpoint = resolve(config
                .withEnv("DOCKER_HOST", "tcp://build-host")
                .withEnv("DOCKER_TLS_VERIFY", value)
                .withEnv("DOCKER_CERT_PATH", "/etc/docker-certs"));

        assertEquals(Optional.empty(), endpoint.tlsCertPath());
        assertEquals(URI.create("tcp://build-host:2375"), endpoint.host());
    }

    @Test
    void httpsIsTcpWithTls() {
        DockerEndpoint endpoint = resolve(config
                .withEnv("DOCKER_HOST", "https://build-host")
                .withEnv("DOCKER_CERT_PATH", "/etc/docker-certs"));

        assertEquals(URI.create("tcp://build-host:2376"), endpoint.host());
        assertEquals(Optional.of(Path.of("/etc/docker-certs")), endpoint.tlsCertPath());
    }

    @Test
    void unsupportedSchemeIsAClearError() {
        RuntimeUnavailableException e = assertThrows(RuntimeUnavailableException.class,
                () -> resolve(config.withEnv("DOCKER_HOST", "ssh://me@build-host")));

        assertAll(
                () -> assertTrue(e.getMessage().contains("DOCKER_HOST=ssh://me@build-host"), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("\"ssh\""), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("not supported"), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("unix://"), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("tcp://"), e.getMessage()));
    }

    @Test
    void unixWithARelativePathIsAnError() {
        RuntimeUnavailableException e = assertThrows(RuntimeUnavailableException.class,
                () -> resolve(config.withEnv("DOCKER_HOST", "unix://var/run/docker.sock")));

        assertTrue(e.getMessage().contains("unix:///var/run/docker.sock"), e.getMessage());
    }

    // --- Docker contexts ---

    @Test
    void dockerContextEnvGivesTheContextHostAndNamesIt() throws IOException {
        Path meta = context(home.resolve(".docker"), "remote", "unix:///var/run/alt.sock");
        socket(systemSocket);

        DockerEndpoint endpoint = resolve(config.withEnv("DOCKER_CONTEXT", "remote"));

        assertEquals(URI.create("unix:///var/run/alt.sock"), endpoint.host());
        assertTrue(endpoint.source().contains("\"remote\""), endpoint.source());
        assertTrue(endpoint.source().contains(meta.toString()), endpoint.source());
    }

    @Test
    void currentContextOfConfigJsonIsUsedWhenDockerContextIsUnset() throws IOException {
        Path dotDocker = home.resolve(".docker");
        context(dotDocker, "colima", "unix:///home/me/.colima/default/docker.sock");
        write(dotDocker.resolve("config.json"), "{\"auths\":{},\"currentContext\":\"colima\"}");
        socket(systemSocket);

        DockerEndpoint endpoint = resolve(config);

        assertEquals(URI.create("unix:///home/me/.colima/default/docker.sock"), endpoint.host());
        assertTrue(endpoint.source().contains("\"colima\""), endpoint.source());
    }

    @Test
    void contextTlsFolderGivesTheCertPath() throws IOException {
        Path dotDocker = home.resolve(".docker");
        context(dotDocker, "secure", "tcp://build-host:2376");
        Path tls = dotDocker.resolve("contexts/tls/" + DockerEndpointResolver.contextHash("secure") + "/docker");
        write(tls.resolve("ca.pem"), "fake");

        DockerEndpoint endpoint = resolve(config.withEnv("DOCKER_CONTEXT", "secure"));

        assertEquals(URI.create("tcp://build-host:2376"), endpoint.host());
        assertEquals(Optional.of(tls), endpoint.tlsCertPath());
    }

    @Test
    void dockerConfigRelocatesTheConfigFolder() throws IOException {
        Path elsewhere = home.resolve("elsewhere");
        context(elsewhere, "moved", "tcp://moved-host:2375");
        write(elsewhere.resolve("config.json"), "{\"currentContext\":\"moved\"}");
        // The usual folder points somewhere else, and must be ignored.
        context(home.resolve(".docker"), "usual", "tcp://usual-host:2375");
        write(home.resolve(".docker/config.json"), "{\"currentContext\":\"usual\"}");

        DockerEndpoint endpoint = resolve(config.withEnv("DOCKER_CONFIG", elsewhere.toString()));

        assertEquals(URI.create("tcp://moved-host:2375"), endpoint.host());
        assertTrue(endpoint.source().contains(elsewhere.toString()), endpoint.source());
    }

    @Test
    void defaultContextFallsThroughToSockets() throws IOException {
        write(home.resolve(".docker/config.json"), "{\"currentContext\":\"default\"}");
        socket(systemSocket);

        DockerEndpoint endpoint = resolve(config);

        assertEquals(Optional.of(systemSocket), endpoint.socketPath());
    }

    @Test
    void namedContextWithoutMetaJsonIsAnErrorNamingIt() throws IOException {
        socket(systemSocket);   // must not be used as a silent fallback
        Path meta = home.resolve(".docker/contexts/meta/" + DockerEndpointResolver.contextHash("gone") + "/meta.json");

        RuntimeUnavailableException e = assertThrows(RuntimeUnavailableException.class,
                () -> resolve(config.withEnv("DOCKER_CONTEXT", "gone")));

        assertTrue(e.getMessage().contains("\"gone\""), e.getMessage());
        assertTrue(e.getMessage().contains(meta.toString()), e.getMessage());
    }

    @Test
    void contextWithoutDockerEndpointIsAnError() throws IOException {
        Path meta = home.resolve(".docker/contexts/meta/" + DockerEndpointResolver.contextHash("k8s") + "/meta.json");
        write(meta, "{\"Name\":\"k8s\",\"Metadata\":{},\"Endpoints\":{}}");
        socket(systemSocket);

        RuntimeUnavailableException e = assertThrows(RuntimeUnavailableException.class,
                () -> resolve(config.withEnv("DOCKER_CONTEXT", "k8s")));

        assertTrue(e.getMessage().contains("\"k8s\""), e.getMessage());
        assertTrue(e.getMessage().contains("Endpoints.docker.Host"), e.getMessage());
    }

    @Test
    void unparsableConfigJsonFallsThroughToSockets() throws IOException {
        write(home.resolve(".docker/config.json"), "{ this is not json");
        socket(systemSocket);

        DockerEndpoint endpoint = resolve(config);

        assertEquals(Optional.of(systemSocket), endpoint.socketPath());
    }

    @Test
    void contextHashIsTheSha256HexOfTheName() {
        // printf default | sha256sum
        assertEquals("37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f",
                DockerEndpointResolver.contextHash("default"));
    }

    // --- sockets ---

    @Test
    void theFirstExistingSocketInTheDocumentedOrderWins() throws IOException {
        Path desktop = socket(home.resolve(".docker/run/docker.sock"));
        socket(home.resolve(".colima/default/docker.sock"));

        DockerEndpoint endpoint = resolve(config);

        assertEquals(Optional.of(desktop), endpoint.socketPath());
        assertTrue(endpoint.source().contains("Docker Desktop"), endpoint.source());
    }

    @Test
    void theSystemSocketComesBeforeUserSockets() throws IOException {
        socket(home.resolve(".docker/run/docker.sock"));
        socket(systemSocket);

        assertEquals(Optional.of(systemSocket), resolve(config).socketPath());
    }

    @Test
    void rootlessDockerComesBeforeColimaAndPodmanComesLast() throws IOException {
        Path runtimeDir = home.resolve("run-user");
        Path rootless = socket(runtimeDir.resolve("docker.sock"));
        socket(runtimeDir.resolve("podman/podman.sock"));
        socket(home.resolve(".colima/docker.sock"));
        RuntimeConfig withRuntimeDir = config.withEnv("XDG_RUNTIME_DIR", runtimeDir.toString());

        assertEquals(Optional.of(rootless), resolve(withRuntimeDir).socketPath());

        Files.delete(rootless);
        assertEquals(Optional.of(home.resolve(".colima/docker.sock")), resolve(withRuntimeDir).socketPath());
    }

    @Test
    void noSocketAnywhereListsThePlacesTried() {
        RuntimeUnavailableException e = assertThrows(RuntimeUnavailableException.class, () -> resolve(config));

        String message = e.getMessage();
        assertAll(
                () -> assertTrue(message.contains("DOCKER_HOST: not set"), message),
                () -> assertTrue(message.contains("DOCKER_CONTEXT: not set"), message),
                () -> assertTrue(message.contains(home.resolve(".docker/config.json").toString()), message),
                () -> assertTrue(message.contains(systemSocket.toString()), message),
                () -> assertTrue(message.contains(home.resolve(".docker/run/docker.sock").toString()), message),
                () -> assertTrue(message.contains(home.resolve(".docker/desktop/docker.sock").toString()), message),
                () -> assertTrue(message.contains(home.resolve(".colima/default/docker.sock").toString()), message),
                () -> assertTrue(message.contains(home.resolve(".colima/docker.sock").toString()), message),
                () -> assertTrue(message.contains(home.resolve(".rd/docker.sock").toString()), message),
                () -> assertTrue(message.contains("XDG_RUNTIME_DIR: not set"), message),
                () -> assertTrue(message.contains("Start Docker"), message),
                () -> assertTrue(message.contains("set DOCKER_HOST"), message));
    }

    @Test
    void aFolderNamedLikeASocketIsSkipped() throws IOException {
        Files.createDirectories(systemSocket);
        Path desktop = socket(home.resolve(".docker/run/docker.sock"));

        assertEquals(Optional.of(desktop), resolve(config).socketPath());
    }

    // --- helpers ---

    private DockerEndpoint resolve(RuntimeConfig config) {
        return new DockerEndpointResolver(config, List.of(systemSocket)).resolve();
    }

    /** A plain file is enough: the resolver only checks that the path exists. */
    private static Path socket(Path path) throws IOException {
        return write(path, "");
    }

    /** Lays out a context the way {@code docker context create} does; returns its meta.json. */
    private static Path context(Path configDir, String name, String host) throws IOException {
        Path meta = configDir.resolve("contexts/meta/" + DockerEndpointResolver.contextHash(name) + "/meta.json");
        return write(meta, """
                {"Name":"%s","Metadata":{},"Endpoints":{"docker":{"Host":"%s","SkipTLSVerify":false}}}
                """.formatted(name, host));
    }

    private static Path write(Path path, String content) throws IOException {
        Files.createDirectories(path.getParent());
        return Files.writeString(path, content);
    }
}
