package dev.sandboxes.examples.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandboxes;
import dev.sandboxes.testkit.InMemoryRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orchestrator against the in-memory runtime: no engine, commands scripted, every run recorded. */
class OrchestratorTest {

    @TempDir
    Path repositories;

    @Test
    void eachFolderRunsTheTaskInItsOwnSandboxAndResultsComeBackInOrder() throws Exception {
        Path api = Files.createDirectories(repositories.resolve("api"));
        Path web = Files.createDirectories(repositories.resolve("web"));
        InMemoryRuntime runtime = new InMemoryRuntime();
        runtime.script()
                .when(request -> request.workingDirectory().orElse("").endsWith("/api")).thenReturn(0, "api ok\n", "")
                .when(request -> request.workingDirectory().orElse("").endsWith("/web")).thenReturn(1, "web failed\n", "");

        List<TaskResult> results = new Orchestrator(folder -> Sandboxes.forWorkspace(folder).template("any:1").runtime(runtime), 2).runInEach(List.of(api, web), "make test",
                Duration.ofMinutes(1));

        assertEquals(List.of(api, web), results.stream().map(TaskResult::folder).toList());
        assertTrue(results.get(0).succeeded());
        assertEquals("api ok\n", results.get(0).output());
        assertFalse(results.get(1).succeeded());
        assertEquals(2, runtime.list().size(), "one sandbox per folder");
        assertEquals(List.of("sh", "-c", "make test"), runtime.execs().get(0).argv());
    }

    @Test
    void aTaskPastItsTimeoutIsReportedAsSuch() throws Exception {
        Path slow = Files.createDirectories(repositories.resolve("slow"));
        InMemoryRuntime runtime = new InMemoryRuntime();
        runtime.script().whenMatches("sh -c .*").taking(Duration.ofSeconds(30)).thenExit(0);
        TaskResult result = new Orchestrator(folder -> Sandboxes.forWorkspace(folder).template("any:1").runtime(runtime), 1).runInEach(List.of(slow), "sleep 30", Duration.ofMillis(50)).get(0);
        assertTrue(result.timedOut());
        assertFalse(result.succeeded());
    }
}
