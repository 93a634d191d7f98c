package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandboxes;
import dev.sandboxes.exec.AuditEntry;
import dev.sandboxes.exec.ExecEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The audit log outlives the process that ran the commands. */
class AuditLogIT {

    private final DockerTestSupport support = new DockerTestSupport();

    @AfterEach
    void cleanUp() {
        support.close();
    }

    @Test
    void theAuditLogListsTheCommandsOfARunInOrderWithExitCodesAfterItsJvmHasExited() throws Exception {
        Path workspace = support.newWorkspace("audit");
        try (ChildJvm child = ChildJvm.start(ChildOpener.class, "audit", workspace.toString())) {
            assertEquals(0, child.waitFor(Duration.ofSeconds(60)), String.join("\n", child.remainingLines()));
        }
        String id = Sandboxes.manager().find(workspace).orElseThrow().id();
        List<AuditEntry> log = Sandboxes.manager().auditLog(id);
        assertEquals(List.of(List.of("echo", "one"), List.of("sh", "-c", "exit 3"), List.of("sh", "-c", "sleep 0.2; echo two"),
                List.of("curl", "--token", "****")), log.stream().map(AuditEntry::argv).toList());
        assertEquals(List.of(0, 3, 0, 127), log.stream().map(e -> e.exitCode().orElse(-1)).toList());
        assertTrue(log.stream().allMatch(e -> e.user().equals("agent") && e.kind() == ExecEvent.Kind.COMMAND));
        assertTrue(log.get(2).duration().orElseThrow().compareTo(Duration.ofMillis(200)) >= 0, log.get(2).toString());
        for (int i = 1; i < log.size(); i++) {
            assertTrue(!log.get(i).time().isBefore(log.get(i - 1).time()), "out of order: " + log);
        }
    }

    @Test
    void aCommandWhoseProcessWasKilledIsInTheLogAndSaysItsEndWasNeverWritten() throws Exception {
        Path workspace = support.newWorkspace("audit-killed");
        try (ChildJvm child = ChildJvm.start(ChildOpener.class, "audit-hang", workspace.toString())) {
            child.awaitLine("STARTED");
            child.kill();
        }
        String id = Sandboxes.manager().find(workspace).orElseThrow().id();
        List<AuditEntry> log = Sandboxes.manager().auditLog(id);
        assertEquals(1, log.size(), log.toString());
        assertEquals(List.of("sleep", "60"), log.get(0).argv());
        assertTrue(log.get(0).exitCode().isEmpty());
        assertTrue(log.get(0).failure().orElseThrow().startsWith("no end recorded"), log.get(0).toString());
    }
}
