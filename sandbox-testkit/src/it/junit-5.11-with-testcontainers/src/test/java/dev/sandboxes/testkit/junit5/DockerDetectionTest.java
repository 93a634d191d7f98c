package dev.sandboxes.testkit.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * With Testcontainers on the class path, its detection decides, reached by reflection. An engine
 * may or may not be there (the answer depends on the machine): either way the answer must be
 * Testcontainers' own, never a failure to call it.
 */
class DockerDetectionTest {

    @Test
    void testcontainersIsFoundAndAsked() {
        assertTrue(DockerDetection.testcontainersPresent());
        Optional<String> unavailable = DockerDetection.unavailableReason();
        unavailable.ifPresent(reason -> assertEquals("Testcontainers found no Docker environment", reason));
        assertEquals(unavailable.isEmpty(), DockerDetection.dockerHost().isPresent(),
                "an engine found has an address: " + unavailable + ", " + DockerDetection.dockerHost());
    }
}
