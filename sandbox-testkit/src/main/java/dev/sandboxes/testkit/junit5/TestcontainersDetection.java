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
