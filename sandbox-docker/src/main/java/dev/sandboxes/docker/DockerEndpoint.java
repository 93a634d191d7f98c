package dev.sandboxes.docker;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a Docker Engine API listens, as found by {@link DockerEndpointResolver}: a Unix socket or a
 * TCP address, the folder of TLS client certificates when TLS is on, and a short description of
 * where the endpoint came from (for error messages, so a user can tell which setting to fix).
 *
 * <pre>{@code
 * DockerEndpoint endpoint = new DockerEndpointResolver(RuntimeConfig.fromHost()).resolve();
 * if (endpoint.isUnixSocket()) {
 *     Path socket = endpoint.socketPath().orElseThrow();   // e.g. /var/run/docker.sock
 * } else {
 *     URI host = endpoint.host();                          // e.g. tcp://build-host:2376
 *     Optional<Path> certs = endpoint.tlsCertPath();       // ca.pem, cert.pem, key.pem
 * }
 * }</pre>
 *
 * @param host        {@code unix:///path/to/docker.sock} or {@code tcp://host:port}; a TCP host
 *                    keeps the {@code tcp} scheme even with TLS, the caller picks https from
 *                    {@code tlsCertPath}
 * @param tlsCertPath the folder holding {@code ca.pem}, {@code cert.pem} and {@code key.pem} when
 *                    TLS verification is on; only for TCP hosts
 * @param source      where the endpoint came from, e.g. {@code DOCKER_HOST} or
 *                    {@code default socket /var/run/docker.sock}
 */
record DockerEndpoint(URI host, Optional<Path> tlsCertPath, String source) {

    public DockerEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tlsCertPath, "tlsCertPath");
        Objects.requireNonNull(source, "source");
        // Only the two forms every caller knows how to connect to; the resolver maps the rest.
        String scheme = host.getScheme();
        if (!"unix".equals(scheme) && !"tcp".equals(scheme)) {
            throw new IllegalArgumentException("host must be unix:// or tcp://, not " + host);
        }
        if ("unix".equals(scheme) && tlsCertPath.isPresent()) {
            throw new IllegalArgumentException("TLS applies to tcp:// hosts only, not " + host);
        }
    }

    /** The endpoint of a Unix socket; the URI is built from parts so paths with spaces stay valid. */
    public static DockerEndpoint unixSocket(Path socket, String source) {
        try {
            URI host = new URI("unix", "", socket.toAbsolutePath().toString(), null, null);
            return new DockerEndpoint(host, Optional.empty(), source);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a usable socket path: " + socket, e);
        }
    }

    /** Whether the engine listens on a Unix socket (rather than TCP). */
    public boolean isUnixSocket() {
        return "unix".equals(host.getScheme());
    }

    /** The socket file, for a Unix socket endpoint; empty for TCP. */
    public Optional<Path> socketPath() {
        // getPath() decodes %20 and friends, so this is the real file name.
        return isUnixSocket() ? Optional.of(Path.of(host.getPath())) : Optional.empty();
    }
}
