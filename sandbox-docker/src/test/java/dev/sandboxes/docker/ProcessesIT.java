package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.core.SandboxEvent;
import dev.sandboxes.core.SandboxStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Several JVMs on one workspace, and JVMs killed (SIGKILL) while they create a sandbox. */
class ProcessesIT {

    private final DockerTestSupport support = new DockerTestSupport();

    @AfterEach
    void cleanUp() {
        support.close();
    }

    @Test
    void threeProcessesOfTenThreadsOpeningOneNewWorkspaceAtOnceEndWithOneContainerAndThirtyWorkingHandles() throws Exception {
        Path workspace = support.newWorkspace("processes");
        // One instant for all three, far enough ahead for each JVM to start and find the engine.
        long at = System.currentTimeMillis() + 6_000;
        List<ChildJvm> children = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                children.add(ChildJvm.start(ChildOpener.class, "threads", workspace.toString(), "10", String.valueOf(at)));
            }
            for (ChildJvm child : children) {
                lines.addAll(child.remainingLines());
                assertEquals(0, child.waitFor(Duration.ofSeconds(60)));
            }
        } finally {
            children.forEach(ChildJvm::close);
        }
        List<String> opened = lines.stream().filter(line -> line.startsWith("OPENED ")).toList();
        assertEquals(30, opened.size(), String.join("\n", lines));
        Set<String> ids = opened.stream().map(line -> line.split(" ")[1]).collect(Collectors.toSet());
        assertEquals(1, ids.size(), String.join("\n", opened));
        for (String line : opened) {
            String[] fields = line.split(" ");
            assertEquals(fields[3], fields[2], "each handle ran its own command: " + line);
        }
        assertEquals(1, DockerTestSupport.containersOf(workspace).size());
    }

    @ParameterizedTest
    @EnumSource(value = SandboxEvent.Type.class, names = {"CREATING", "CREATED"})
    void aProcessKilledWhileCreatingLeavesWhatTheNextOpenFinishesIntoOneHealthySandbox(SandboxEvent.Type killedAt) throws Exception {
        Path workspace = support.newWorkspace("killed-" + killedAt.name().toLowerCase());
        long pid;
        try (ChildJvm child = ChildJvm.start(ChildOpener.class, "create", workspace.toString(), killedAt.name())) {
            pid = child.pid();
            child.awaitLine("EVENT " + killedAt);
            child.kill();
        }
        // The runtime users get: a container left unstarted is taken over after its grace time.
        try (Sandbox sandbox = support.builder(workspace).open()) {
            assertHealthy(sandbox, workspace);
        }
        assertNoProbeOf(pid);
    }

    @Test
    void processesKilledAtAnyMomentOfCreationLeaveOneHealthySandbox() throws Exception {
        // Kills spread over the creation: before, during and after the create call, the setup
        // archive and the start, whichever each delay happens to hit on this machine.
        long[] delaysMillis = {0, 30, 60, 100, 150, 220, 300, 450};
        try (DockerSandboxRuntime runtime = DockerTestSupport.runtime(Duration.ofMillis(500), false)) {
            for (long delay : delaysMillis) {
                Path workspace = support.newWorkspace("killed-after-" + delay);
                long pid;
                try (ChildJvm child = ChildJvm.start(ChildOpener.class, "create", workspace.toString(), "REMOVED")) {
                    pid = child.pid();
                    child.awaitLine("EVENT CREATING");
                    Thread.sleep(delay);  // the moment of the kill, which is what this test varies
                    child.kill();
                }
                try (Sandbox sandbox = Sandboxes.forWorkspace(workspace).template(DockerTestSupport.TEMPLATE).runtime(runtime).open()) {
                    assertHealthy(sandbox, workspace);
                }
                // A child killed while it read the template or the host's addresses left its probe; the
                // open that followed swept it, or, when the engine finished the dead child's create call
                // only after that sweep, the next sweep does.
                assertNoProbeOf(pid);
            }
        }
    }

    private static void assertNoProbeOf(long pid) throws InterruptedException {
        Await.until(() -> {
            DockerTestSupport.runtime().removeLeftovers();
            return probesOf(pid).isEmpty();
        }, Duration.ofSeconds(10), () -> "the killed process " + pid + " to leave no probe: " + probesOf(pid));
    }

    private static List<String> probesOf(long pid) {
        return DockerTestSupport.docker().listContainersCmd().withShowAll(true)
                .withLabelFilter(java.util.Map.of(ProcessOwner.PID_LABEL, String.valueOf(pid), ImageFactsReader.PROBE_LABEL, "true"))
                .exec().stream().map(c -> c.getId().substring(0, 12)).toList();
    }

    private static void assertHealthy(Sandbox sandbox, Path workspace) {
        assertEquals(SandboxStatus.RUNNING, sandbox.info().status());
        assertEquals(1, DockerTestSupport.containersOf(workspace).size());
        // The agent's files were written, by the creator or by whoever finished its work.
        assertEquals("agent\n", sandbox.exec("id", "-un").stdout());
        assertEquals(workspace + "\n", sandbox.exec("pwd").stdout());
        assertEquals(0, sandbox.exec("touch", "written-by-the-agent").exitCode());
        assertTrue(java.nio.file.Files.exists(workspace.resolve("written-by-the-agent")));
    }
}
