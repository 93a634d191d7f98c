package dev.sandboxes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.exec.AuditEntry;
import dev.sandboxes.exec.ExecEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    @TempDir
    Path folder;

    @Test
    void entriesReadBackAsWritten() throws Exception {
        AuditLog log = new AuditLog(folder);
        AuditEntry finished = new AuditEntry(Instant.parse("2026-11-27T03:00:00Z"), ExecEvent.Kind.AGENT, "agent",
                List.of("claude", "-p", "fix it"), OptionalInt.of(0), Optional.of(Duration.ofMillis(1234)), Optional.empty());
        AuditEntry failed = new AuditEntry(Instant.parse("2026-11-27T03:00:01Z"), ExecEvent.Kind.COMMAND, "root",
                List.of(), OptionalInt.empty(), Optional.of(Duration.ofMillis(5)), Optional.of("the sandbox stopped"));
        log.append("abc123", "1", AuditLog.Phase.ENDED, finished);
        log.append("abc123", "2", AuditLog.Phase.ENDED, failed);
        assertEquals(List.of(finished, failed), log.read("abc123"));
        assertEquals(List.of(), log.read("other"));
    }

    @Test
    void aCommandIsOneEntryInTheOrderItStartedAndOneWithoutAnEndSaysSo() throws Exception {
        AuditLog log = new AuditLog(folder);
        AuditEntry agentStarted = new AuditEntry(Instant.parse("2026-11-27T03:00:00Z"), ExecEvent.Kind.AGENT, "agent",
                List.of("claude", "-p", "x"), OptionalInt.empty(), Optional.empty(), Optional.empty());
        AuditEntry echoStarted = new AuditEntry(Instant.parse("2026-11-27T03:00:01Z"), ExecEvent.Kind.COMMAND, "agent",
                List.of("echo"), OptionalInt.empty(), Optional.empty(), Optional.empty());
        AuditEntry echoEnded = new AuditEntry(echoStarted.time(), ExecEvent.Kind.COMMAND, "agent", List.of("echo"),
                OptionalInt.of(0), Optional.of(Duration.ofMillis(40)), Optional.empty());
        log.append("s", "agent-run", AuditLog.Phase.STARTED, agentStarted);
        log.append("s", "echo", AuditLog.Phase.STARTED, echoStarted);
        log.append("s", "echo", AuditLog.Phase.ENDED, echoEnded);
        // The agent run's process was killed: its start is all there is.
        List<AuditEntry> read = log.read("s");
        assertEquals(2, read.size());
        assertEquals(List.of("claude", "-p", "x"), read.get(0).argv());
        assertEquals(Optional.of(AuditLog.NO_END), read.get(0).failure());
        assertEquals(echoEnded, read.get(1));
    }

    @Test
    void aHalfWrittenLastLineAndADamagedOneAreSkippedNotFatal() throws Exception {
        AuditLog log = new AuditLog(folder);
        AuditEntry entry = new AuditEntry(Instant.parse("2026-11-27T03:00:00Z"), ExecEvent.Kind.COMMAND, "agent",
                List.of("true"), OptionalInt.of(0), Optional.of(Duration.ZERO), Optional.empty());
        log.append("torn", "1", AuditLog.Phase.ENDED, entry);
        java.nio.file.Files.writeString(folder.resolve("torn.jsonl"), "not json\n{\"time\":\"2026-11-27T03:0",
                java.nio.file.StandardOpenOption.APPEND);
        assertEquals(List.of(entry), log.read("torn"));
    }

    @Test
    void manyThreadsAppendingToOneLogLoseNoLine() throws Exception {
        AuditLog log = new AuditLog(folder);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                writes.add(pool.submit(() -> {
                    log.append("busy", "id" + n, AuditLog.Phase.ENDED, new AuditEntry(Instant.now(), ExecEvent.Kind.COMMAND,
                            "agent", List.of("echo", "" + n), OptionalInt.of(0), Optional.of(Duration.ZERO), Optional.empty()));
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<AuditEntry> read = log.read("busy");
        assertEquals(200, read.size());
        assertTrue(read.stream().map(e -> e.argv().get(1)).distinct().count() == 200);
    }
}
