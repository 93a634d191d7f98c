package dev.sandboxes.testkit.junit5;

import java.util.Optional;
import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine is there, as Testcontainers sees it: so a test honours what its users
 * already configured (DOCKER_HOST, ~/.testcontainers.properties, Docker Desktop's sockets).
 */
final class TestcontainersDetection {

    private TestcontainersDetection() {
    }

    /** The engine Testcontainers talks to, as a DOCKER_HOST value; empty when it cannot tell. */
    static Optional<String> dockerHost() {
        try {
            return Optional.of(DockerClientFactory.instance().getTransportConfig().getDockerHost().toString());
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** Why Docker is unavailable; empty when it is available. */
    static Optional<String> unavailableReason() {
        try {
            return DockerClientFactory.instance().isDockerAvailable()
                    ? Optional.empty() : Optional.of("Testcontainers found no Docker environment");
        } catch (RuntimeException | LinkageError e) {
            return Optional.of("Testcontainers could not check for Docker: " + e);
        }
    }
}
