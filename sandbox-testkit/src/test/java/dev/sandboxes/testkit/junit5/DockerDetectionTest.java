package dev.sandboxes.testkit.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * This module's tests have neither Testcontainers nor the Docker runtime on their class path: the
 * testkit's own detection answers, and says what is missing. (With Testcontainers: src/it.)
 */
class DockerDetectionTest {

    @Test
    void withoutTestcontainersTheDockerRuntimesOwnDetectionDecides() {
        assertFalse(DockerDetection.testcontainersPresent());
        assertEquals(Optional.empty(), DockerDetection.dockerHost());
        String reason = DockerDetection.unavailableReason().orElseThrow();
        assertTrue(reason.contains("dev.sandboxes:sandbox-docker"), reason);
    }
}
