package dev.sandboxes.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandboxes.errors.RuntimeUnavailableException;
import dev.sandboxes.spi.RuntimeConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the Docker Engine to talk to the way the {@code docker} CLI does, so that a sandbox runs
 * wherever {@code docker ps} would look:
 *
 * <ol>
 *   <li>{@code DOCKER_HOST} ({@code unix://}, {@code tcp://}, {@code http://}, {@code https://}),
 *       with {@code DOCKER_TLS_VERIFY} and {@code DOCKER_CERT_PATH} for TLS;
 *   <li>the Docker context named by {@code DOCKER_CONTEXT}, or else the {@code currentContext} of
 *       {@code config.json} in {@code DOCKER_CONFIG} or {@code ~/.docker};
 *   <li>the first socket that exists of {@code /var/run/docker.sock}, Docker Desktop's, rootless
 *       Docker's, Colima's, Rancher Desktop's and Podman's.
 * </ol>
 *
 * <p>Everything is read from the {@link RuntimeConfig}, never from the process, so a caller can
 * point at another engine and tests can use a fake home folder.
 *
 * <pre>{@code
 * RuntimeConfig config = RuntimeConfig.fromHost().withEnv("DOCKER_CONTEXT", "colima");
 * DockerEndpoint endpoint = new DockerEndpointResolver(config).resolve();
 * // endpoint.host() is unix:///Users/me/.colima/default/docker.sock
 * }</pre>
 */
final class DockerEndpointResolver {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String HOW_TO_FIX = "Start Docker (or Docker Desktop, Colima, Rancher Desktop, Podman), "
            + "or set DOCKER_HOST, e.g. DOCKER_HOST=unix:///path/to/docker.sock or DOCKER_HOST=tcp://host:2375.";

    private final RuntimeConfig config;
    private final List<Path> systemSockets;

    DockerEndpointResolver(RuntimeConfig config) {
        this(config, List.of(Path.of("/var/run/docker.sock")));
    }

    /** For tests: absolute system sockets cannot be faked, so they are passed in. */
    DockerEndpointResolver(RuntimeConfig config, List<Path> systemSockets) {
        this.config = Objects.requireNonNull(config, "config");
        this.systemSockets = List.copyOf(systemSockets);
    }

    /**
     * The endpoint to use.
     *
     * @throws RuntimeUnavailableException when {@code DOCKER_HOST} or a context is set but unusable,
     *     or when nothing is found; the message lists each place tried and why it failed
     */
    DockerEndpoint resolve() {
        Optional<String> dockerHost = config.env("DOCKER_HOST");
        if (dockerHost.isPresent()) {
            return fromDockerHost(dockerHost.get());
        }
        // Every place that did not answer, so the final error can say what was looked at.
        List<String> tried = new ArrayList<>();
        tried.add("DOCKER_HOST: not set");
        Optional<DockerEndpoint> context = fromContext(tried);
        if (context.isPresent()) {
            return context.get();
        }
        return firstSocket(tried).orElseThrow(() -> new RuntimeUnavailableException(
                "No Docker engine found. Tried:\n  - " + String.join("\n  - ", tried) + "\n" + HOW_TO_FIX));
    }

    /** The name of a context's folders under {@code contexts/meta} and {@code contexts/tls}. */
    static String contextHash(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    // --- a. DOCKER_HOST ---

    private DockerEndpoint fromDockerHost(String value) {
        String source = "DOCKER_HOST";
        URI uri = parseHost(value, source);
        boolean tls = !isUnix(uri) && ("https".equals(uri.getScheme()) || tlsVerify());
        Optional<Path> certs = tls ? Optional.of(defaultCertPath()) : Optional.empty();
        return endpoint(uri, certs, source);
    }

    /** Like the Docker CLI, except that "0" and "false" also turn verification off (as docker-java does). */
    private boolean tlsVerify() {
        return config.env("DOCKER_TLS_VERIFY")
                .map(value -> value.trim().toLowerCase(Locale.ROOT))
                .filter(value -> !value.equals("0") && !value.equals("false"))
                .isPresent();
    }

    private Path defaultCertPath() {
        return config.env("DOCKER_CERT_PATH").map(Path::of).orElseGet(this::configDir);
    }

    // --- b. Docker context ---

    private Optional<DockerEndpoint> fromContext(List<String> tried) {
        Optional<String> name = config.env("DOCKER_CONTEXT");
        String origin = "DOCKER_CONTEXT";
        if (name.isEmpty()) {
            tried.add("DOCKER_CONTEXT: not set");
            name = currentContext(tried);
            origin = "currentContext in " + configDir().resolve("config.json");
        }
        if (name.isEmpty()) {
            return Optional.empty();
        }
        if (name.get().equals("default")) {
            // "default" is Docker's name for "no context": DOCKER_HOST, else the usual socket.
            tried.add("Docker context \"default\" (" + origin + "): means the default sockets below");
            return Optional.empty();
        }
        return Optional.of(readContext(name.get(), origin));
    }

    /** The current context of config.json; a missing or broken file only means there is none. */
    private Optional<String> currentContext(List<String> tried) {
        Path file = configDir().resolve("config.json");
        if (!Files.exists(file)) {
            tried.add(file + ": not found, so no current Docker context");
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            // The CLI would refuse to start; we still try the sockets, and say why the file was skipped.
            tried.add(file + ": skipped, not readable JSON (" + firstLine(e.getMessage()) + ")");
            return Optional.empty();
        }
        JsonNode current = root == null ? null : root.get("currentContext");
        if (current == null || !current.isTextual() || current.textValue().isBlank()) {
            tried.add(file + ": no currentContext");
            return Optional.empty();
        }
        return Optional.of(current.textValue().trim());
    }

    /**
     * A named context must work: the user chose it, and the Docker CLI fails too when it is broken,
     * so falling through to a local socket would silently use another engine.
     */
    private DockerEndpoint readContext(String name, String origin) {
        String hash = contextHash(name);
        Path meta = configDir().resolve("contexts").resolve("meta").resolve(hash).resolve("meta.json");
        String source = "Docker context \"" + name + "\" (" + meta + ")";
        String fix = " Run 'docker context ls' to see the contexts, 'docker context use default' to use the "
                + "default socket, or set DOCKER_HOST.";
        if (!Files.exists(meta)) {
            throw new RuntimeUnavailableException("Docker context \"" + name + "\" (from " + origin
                    + ") does not exist: " + meta + " not found." + fix);
        }
        JsonNode root;
        try {
            root = JSON.readTree(meta.toFile());
        } catch (IOException e) {
            throw new RuntimeUnavailableException(source + " is not readable JSON: "
                    + firstLine(e.getMessage()) + "." + fix, e);
        }
        JsonNode host = root == null ? null : root.path("Endpoints").path("docker").get("Host");
        if (host == null || !host.isTextual() || host.textValue().isBlank()) {
            throw new RuntimeUnavailableException(source + " has no Endpoints.docker.Host." + fix);
        }
        URI uri = parseHost(host.textValue(), source);
        return endpoint(uri, contextCerts(uri, hash), source);
    }

    /** The context's own TLS files when it has them, else the usual cert folder for https://. */
    private Optional<Path> contextCerts(URI uri, String hash) {
        if (isUnix(uri)) {
            return Optional.empty();
        }
        Path tls = configDir().resolve("contexts").resolve("tls").resolve(hash).resolve("docker");
        if (Files.exists(tls.resolve("ca.pem")) || Files.exists(tls.resolve("cert.pem"))) {
            return Optional.of(tls);
        }
        return "https".equals(uri.getScheme()) ? Optional.of(defaultCertPath()) : Optional.empty();
    }

    private Path configDir() {
        return config.env("DOCKER_CONFIG").map(Path::of).orElseGet(() -> config.userHome().resolve(".docker"));
    }

    // --- c. well-known sockets ---

    private record Candidate(Path path, String what) {}

    private Optional<DockerEndpoint> firstSocket(List<String> tried) {
        for (Candidate candidate : socketCandidates(tried)) {
            Path path = candidate.path();
            String source = candidate.what() + " " + path;
            if (Files.isDirectory(path)) {
                // A bind mount of a missing socket leaves a folder behind; it is no engine.
                tried.add(source + ": is a folder, not a socket");
            } else if (Files.exists(path)) {
                return Optional.of(DockerEndpoint.unixSocket(path, source));
            } else if (Files.isSymbolicLink(path)) {
                tried.add(source + ": a link to a missing file (is the engine stopped?)");
            } else {
                tried.add(source + ": not found");
            }
        }
        return Optional.empty();
    }

    /** In the order the tools are most often installed; the system socket first, as Docker's default. */
    private List<Candidate> socketCandidates(List<String> tried) {
        Path home = config.userHome();
        Optional<Path> runtimeDir = config.env("XDG_RUNTIME_DIR").map(Path::of);
        List<Candidate> candidates = new ArrayList<>();
        systemSockets.forEach(path -> candidates.add(new Candidate(path, "default socket")));
        candidates.add(new Candidate(home.resolve(".docker/run/docker.sock"), "Docker Desktop socket"));
        candidates.add(new Candidate(home.resolve(".docker/desktop/docker.sock"), "Docker Desktop socket"));
        runtimeDir.ifPresent(dir -> candidates.add(new Candidate(dir.resolve("docker.sock"), "rootless Docker socket")));
        candidates.add(new Candidate(home.resolve(".colima/default/docker.sock"), "Colima socket"));
        candidates.add(new Candidate(home.resolve(".colima/docker.sock"), "Colima socket"));
        candidates.add(new Candidate(home.resolve(".rd/docker.sock"), "Rancher Desktop socket"));
        runtimeDir.ifPresent(dir -> candidates.add(new Candidate(dir.resolve("podman/podman.sock"), "Podman socket")));
        if (runtimeDir.isEmpty()) {
            tried.add("XDG_RUNTIME_DIR: not set, so no rootless Docker or Podman socket to look for");
        }
        return candidates;
    }

    // --- host strings ---

    /**
     * Checks a DOCKER_HOST-style value and returns it as a URI whose scheme is unix, tcp, http or
     * https; the port may still be missing, since its default depends on TLS.
     */
    private static URI parseHost(String value, String source) {
        String supported = " Supported: unix:///path/to/docker.sock, tcp://host:port, http://host:port, https://host:port.";
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new RuntimeUnavailableException(source + " is not a valid address: " + value + "." + supported, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "unix" -> {
                // unix://var/run/docker.sock (two slashes) would read "var" as a host name.
                if (uri.getAuthority() != null || uri.getPath() == null || !uri.getPath().startsWith("/")) {
                    throw new RuntimeUnavailableException(source + "=" + value
                            + " needs an absolute socket path after unix://, e.g. unix:///var/run/docker.sock.");
                }
            }
            case "tcp", "http", "https" -> {
                if (uri.getHost() == null) {
                    throw new RuntimeUnavailableException(source + "=" + value
                            + " has no valid host name, e.g. tcp://build-host:2375.");
                }
            }
            case "" -> throw new RuntimeUnavailableException(source + "=" + value + " has no scheme." + supported);
            default -> throw new RuntimeUnavailableException(source + "=" + value + " uses the scheme \"" + scheme
                    + "\", which is not supported (npipe:// and ssh:// need the Docker CLI's own transport)."
                    + supported);
        }
        return uri;
    }

    private static boolean isUnix(URI uri) {
        return "unix".equalsIgnoreCase(uri.getScheme());
    }

    /** Normalizes to unix:// or tcp://host:port, the two forms {@link DockerEndpoint} holds. */
    private static DockerEndpoint endpoint(URI uri, Optional<Path> certs, String source) {
        if (isUnix(uri)) {
            return DockerEndpoint.unixSocket(Path.of(uri.getPath()), source);
        }
        // Docker's well-known ports: 2376 when TLS is on, 2375 when not.
        int port = uri.getPort() != -1 ? uri.getPort() : certs.isPresent() ? 2376 : 2375;
        // Docker allows a path prefix on TCP hosts; keep it, but drop a bare "/".
        String path = uri.getPath() == null || uri.getPath().equals("/") ? null : uri.getPath();
        try {
            return new DockerEndpoint(new URI("tcp", null, uri.getHost(), port, path, null, null), certs, source);
        } catch (URISyntaxException e) {
            throw new RuntimeUnavailableException(source + " is not a valid address: " + uri, e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no details";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
