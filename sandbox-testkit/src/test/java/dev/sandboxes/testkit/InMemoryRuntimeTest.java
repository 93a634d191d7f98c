package dev.sandboxes.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.exec.ExecListener;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
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
    void streamedLinesReachTheListenerWhileTheCommandRunsAndTheResultKeepsThem() throws Exception {
        runtime.script().when("make").thenStream(Duration.ofMillis(200), "compiling", "linking").thenExit(2);
        List<String> lines = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);
        try (Sandbox sandbox = open()) {
            dev.sandboxes.exec.ExecHandle make = sandbox.start(ExecRequest.of("make").withListener(ExecListener.lines(line -> {
                lines.add(line);
                first.countDown();
            }, line -> { })));
            assertTrue(first.await(5, java.util.concurrent.TimeUnit.SECONDS));
            assertFalse(make.result().isDone(), "the first line came while it still ran");
            ExecResult result = make.result().join();
            assertEquals(2, result.exitCode());
            assertEquals("compiling\nlinking\n", result.stdout());
        }
        assertEquals(List.of("compiling", "linking"), lines);
    }

    @Test
    void aTimeoutKeepsWhatWasPrintedBeforeIt() {
        runtime.script().when("build").thenStream(Duration.ofMillis(20), "step 1").taking(Duration.ofSeconds(30)).thenExit(0);
        try (Sandbox sandbox = open()) {
            ExecResult result = sandbox.exec(ExecRequest.of("build").withTimeout(Duration.ofMillis(300)));
            assertTrue(result.timedOut());
            assertEquals("step 1\n", result.stdout());
        }
    }

    @Test
    void stdinWrittenThroughTheHandleIsRecordedAndATimeoutStillApplies() throws Exception {
        runtime.script().when("cat").echoingStdin().thenExit(0);
        try (Sandbox sandbox = open()) {
            dev.sandboxes.exec.ExecHandle cat = sandbox.start(ExecRequest.of("cat").withStdinOpen().withTimeout(Duration.ofMillis(300)));
            cat.stdin().write("typed".getBytes());
            ExecResult result = cat.result().join();
            assertTrue(result.timedOut(), "stdin never closed: the timeout ends it");
        }
        assertEquals("typed", runtime.execs().get(0).stdinText());
    }

    @Test
    void stoppingTheSandboxUnderARunningCommandFailsIt() {
        runtime.script().when("slow").taking(Duration.ofSeconds(30)).thenExit(0);
        try (Sandbox sandbox = open()) {
            dev.sandboxes.exec.ExecHandle slow = sandbox.start(ExecRequest.of("slow"));
            sandbox.stop();
            java.util.concurrent.CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.CompletionException.class, () -> slow.result().join());
            assertTrue(e.getCause() instanceof dev.sandboxes.errors.SandboxStateException, e.getCause().toString());
        }
    }

    @Test
    void workspaceFilesAreTheHostsAndCopiesFollowTheDockerRules() throws Exception {
        java.nio.file.Files.writeString(workspace.resolve("host.txt"), "from the host");
        try (Sandbox sandbox = open()) {
            assertEquals("from the host", sandbox.readText(workspace.toRealPath() + "/host.txt"));
            sandbox.writeText(workspace.toRealPath() + "/made.txt", "made inside");
            assertEquals("made inside", java.nio.file.Files.readString(workspace.resolve("made.txt")));
            org.junit.jupiter.api.Assertions.assertThrows(dev.sandboxes.errors.SandboxNotFoundException.class,
                    () -> sandbox.copyFrom("/tmp/missing", workspace.resolve("out")));
            org.junit.jupiter.api.Assertions.assertThrows(dev.sandboxes.errors.InvalidSandboxConfigException.class,
                    () -> sandbox.copyFrom("/tmp/x", workspace.resolve("host.txt")));
            org.junit.jupiter.api.Assertions.assertThrows(dev.sandboxes.errors.InvalidSandboxConfigException.class,
                    () -> sandbox.copyTo(workspace.resolve("no-such"), "/tmp/y"));
        }
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
        RuntimeSelector onlyInMemory = new RuntimeSelector(List.of(new InMemoryRuntimeProvider()));
        org.junit.jupiter.api.Assertions.assertThrows(dev.sandboxes.errors.RuntimeUnavailableException.class,
                () -> onlyInMemory.select(RuntimeConfig.fromHost(), Optional.empty()));
        assertEquals(InMemoryRuntime.NAME, onlyInMemory.select(RuntimeConfig.fromHost(), Optional.of(InMemoryRuntime.NAME)).name());
    }

    private Sandbox open() {
        return Sandboxes.forWorkspace(workspace).template("any:1").runtime(runtime).open();
    }
}
