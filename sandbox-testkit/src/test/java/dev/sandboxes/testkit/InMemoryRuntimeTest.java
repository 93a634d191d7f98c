package dev.sandboxes.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.ExecListener;
import dev.sandboxes.ExecRequest;
import dev.sandboxes.ExecResult;
import dev.sandboxes.Sandbox;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.internal.RuntimeSelector;
import dev.sandboxes.spi.RuntimeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scripting and recording commands in the in-memory runtime. */
class InMemoryRuntimeTest {

    @TempDir
    Path workspace;

    private final InMemoryRuntime runtime = new InMemoryRuntime();

    @Test
    void anUnscriptedCommandExits127NamingItself() {
        try (Sandbox sandbox = open()) {
            ExecResult result = sandbox.exec("npm", "test");
            assertEquals(127, result.exitCode());
            assertTrue(result.stderr().contains("npm: command not found"), result.stderr());
            assertTrue(result.stderr().contains("npm test"), result.stderr());
        }
    }

    @Test
    void theFirstMatchingRuleDecidesExactArgvBeforeAPattern() {
        runtime.script()
                .when("git", "status").thenReturn(0, "clean\n", "")
                .whenMatches("git .*").thenReturn(1, "", "other git\n");
        try (Sandbox sandbox = open()) {
            assertEquals("clean\n", sandbox.exec("git", "status").stdout());
            assertEquals(1, sandbox.exec("git", "push").exitCode());
        }
    }

    @Test
    void everyCommandIsRecordedWithItsEnvDirectoryUserAndStdin() {
        runtime.script().when("cat").echoingStdin().thenExit(0);
        try (Sandbox sandbox = open()) {
            sandbox.exec(ExecRequest.of("cat").withStdin("input").withEnv("A", "1").inDirectory("/tmp").asRoot());
        }
        RecordedExec recorded = runtime.execs().get(0);
        assertEquals(List.of("cat"), recorded.argv());
        assertEquals(Map.of("A", "1"), recorded.env());
        assertEquals("/tmp", recorded.workingDirectory());
        assertEquals(Optional.of("root"), recorded.user());
        assertEquals("input", recorded.stdinText());
    }

    @Test
    void streamedLinesReachTheListenerWhileTheCommandRuns() {
        runtime.script().when("make").thenStream(Duration.ofMillis(10), "compiling", "linking").thenExit(2);
        List<String> lines = new CopyOnWriteArrayList<>();
        try (Sandbox sandbox = open()) {
            ExecResult result = sandbox.exec(ExecRequest.of("make").withListener(ExecListener.lines(lines::add, line -> { })));
            assertEquals(2, result.exitCode());
        }
        assertEquals(List.of("compiling", "linking"), lines);
    }

    @Test
    void aCommandTakingLongerThanItsTimeoutTimesOut() {
        runtime.script().when("slow").taking(Duration.ofSeconds(30)).thenExit(0);
        try (Sandbox sandbox = open()) {
            ExecResult result = sandbox.exec(ExecRequest.of("slow").withTimeout(Duration.ofMillis(50)));
            assertTrue(result.timedOut());
            assertEquals(137, result.exitCode());
            assertFalse(result.succeeded());
        }
    }

    @Test
    void filesWrittenReadBack() {
        try (Sandbox sandbox = open()) {
            sandbox.writeText("/tmp/a.txt", "a");
            assertEquals("a", sandbox.readText("/tmp/a.txt"));
        }
    }

    @Test
    void discoveryNeverPicksItButItCanBeAskedForByName() {
        RuntimeSelector selector = RuntimeSelector.fromClassPath();
        assertEquals(InMemoryRuntime.NAME, selector.select(RuntimeConfig.fromHost(), Optional.of(InMemoryRuntime.NAME)).name());
        assertFalse(new InMemoryRuntimeProvider().discoverable());
    }

    private Sandbox open() {
        return Sandboxes.forWorkspace(workspace).template("any:1").runtime(runtime).open();
    }
}
