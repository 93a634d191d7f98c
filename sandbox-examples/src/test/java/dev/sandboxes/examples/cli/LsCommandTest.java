package dev.sandboxes.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.core.SandboxSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LsCommandTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final String ID = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";

    @Test
    void theTableHasDockersColumnsEachAsWideAsItsWidestValue() {
        SandboxSummary sandbox = new SandboxSummary(ID, "sandbox-app-1", Path.of("/work/app"), "claude", "builtin:claude",
                SandboxStatus.RUNNING, NOW.minus(Duration.ofMinutes(5)), Map.of());
        assertEquals("""
                SANDBOX ID     TEMPLATE         NAME            WORKSPACE   STATUS    CREATED
                a1b2c3d4e5f6   builtin:claude   sandbox-app-1   /work/app   running   5 minutes ago
                """, LsCommand.table(List.of(sandbox), false, NOW));
        assertEquals(ID, LsCommand.table(List.of(sandbox), true, NOW).lines().toList().get(1).split(" ")[0]);
    }

    @Test
    void agesAreSaidAsDockerSaysThem() {
        assertEquals("less than a minute ago", LsCommand.ago(NOW.minusSeconds(30), NOW));
        assertEquals("1 minute ago", LsCommand.ago(NOW.minusSeconds(61), NOW));
        assertEquals("3 hours ago", LsCommand.ago(NOW.minus(Duration.ofMinutes(200)), NOW));
        assertEquals("2 days ago", LsCommand.ago(NOW.minus(Duration.ofHours(49)), NOW));
    }
}
