package dev.sandboxes.testkit;

import static dev.sandboxes.testkit.SandboxAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.exec.ExecResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Failures say what ran, how it ended, and the end of both streams. */
class SandboxAssertionsTest {

    private final ExecResult failed = new ExecResult(2, "x".repeat(2000) + "last out\n", "make: *** error\n", Duration.ZERO);

    @Test
    void aFailedCommandsMessageShowsTheCommandTheExitCodeAndTheTailsOfBothStreams() {
        AssertionError e = assertThrows(AssertionError.class, () -> assertThat(failed).as("make build").succeeded());
        assertTrue(e.getMessage().contains("Expected make build to succeed, but it exited with 2"), e.getMessage());
        assertTrue(e.getMessage().contains("last out"), e.getMessage());
        assertTrue(e.getMessage().contains("make: *** error"), e.getMessage());
        assertTrue(e.getMessage().length() < 2000, "only the tail of stdout");
    }

    @Test
    void passingAssertionsChain() {
        ExecResult ok = new ExecResult(0, "12 passing\n", "", Duration.ZERO);
        assertThat(ok).succeeded().exitedWith(0).stdoutContains("passing");
        assertThrows(AssertionError.class, () -> assertThat(ok).stderrContains("warning"));
    }
}
