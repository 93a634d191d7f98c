package it;

import static org.junit.jupiter.api.Assertions.fail;

import dev.sandboxes.Sandbox;
import dev.sandboxes.testkit.junit5.SandboxTest;
import org.junit.jupiter.api.Test;

/**
 * On Docker, without Testcontainers and without the Docker runtime on the class path: the testkit's
 * own detection finds no runtime, and the test is skipped with that reason (verify.groovy reads it).
 */
@SandboxTest(template = "node:22")
class OnDockerTest {

    @Test
    void needsAnEngine(Sandbox sandbox) {
        fail("ran without a Docker runtime on the class path");
    }
}
