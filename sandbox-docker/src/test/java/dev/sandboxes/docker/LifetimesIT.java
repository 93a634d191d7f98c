package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import dev.sandboxes.ExecHandle;
import dev.sandboxes.ExecRequest;
import dev.sandboxes.Prune;
import dev.sandboxes.Sandbox;
import dev.sandboxes.SandboxEvent;
import dev.sandboxes.SandboxStatus;
import dev.sandboxes.Sandboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Idle stop and prune: sandboxes stop when unused and are removed only when asked. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LifetimesIT {

    private static final Duration IDLE = Duration.ofSeconds(1);

    private final DockerTestSupport support = new DockerTestSupport();
    private final DockerClient docker = DockerTestSupport.docker();

    @AfterEach
    void cleanUp() {
        support.close();
    }

    @Test
    void aSandboxIdleForItsTimeIsStoppedThroughTheEngineAndItsNextUseStartsItAgainWithItsState() throws Exception {
        Path workspace = support.newWorkspace("idle");
        List<SandboxEvent.Type> events = new CopyOnWriteArrayList<>();
        try (Sandbox sandbox = support.builder(workspace).idleStop(IDLE).listener(e -> events.add(e.type())).open()) {
            sandbox.exec("sh", "-c", "echo kept > /home/agent/state");
            awaitEngineSays(sandbox.id(), false, Duration.ofSeconds(15));
            // The event follows the engine's answer to the stop, a moment after the container is down.
            for (int i = 0; i < 100 && !events.contains(SandboxEvent.Type.IDLE_STOPPED); i++) {
                Thread.sleep(50);
            }
            assertTrue(events.contains(SandboxEvent.Type.IDLE_STOPPED), events.toString());
            // Stopped through the API, so the restart policy leaves it down.
            Thread.sleep(1500);
            assertFalse(running(sandbox.id()), "the engine started the idle sandbox again");
            assertEquals(SandboxStatus.STOPPED, sandbox.info().status());

            // The next use starts it again, with everything it had.
            assertEquals("kept\n", sandbox.exec("cat", "/home/agent/state").stdout());
            assertTrue(running(sandbox.id()));
            assertEquals(1, DockerTestSupport.containersOf(workspace).size());
        }
    }

    @Test
    void aCommandStillRunningKeepsTheSandboxUpWhereverItWasStarted() throws Exception {
        Path workspace = support.newWorkspace("busy");
        try (Sandbox sandbox = support.builder(workspace).idleStop(IDLE).open()) {
            ExecHandle ours = sandbox.start(ExecRequest.of("sleep", "3"));
            Thread.sleep(2500);
            assertTrue(running(sandbox.id()), "stopped under a command of this JVM");
            ours.result().get(10, TimeUnit.SECONDS);

            // Another process's command: this JVM did not start it, but the engine lists it.
            try (DockerSandboxRuntime elsewhere = DockerTestSupport.runtime(Duration.ofSeconds(5), false);
                 Sandbox other = Sandboxes.forWorkspace(workspace).template(DockerTestSupport.TEMPLATE).runtime(elsewhere).open()) {
                ExecHandle theirs = other.start(ExecRequest.of("sleep", "3"));
                Thread.sleep(2500);
                assertTrue(running(sandbox.id()), "stopped under another process's command");
                theirs.result().get(10, TimeUnit.SECONDS);
            }
            // Then nothing runs: it stops.
            awaitEngineSays(sandbox.id(), false, Duration.ofSeconds(15));
        }
    }

    @Test
    void pruneByStoppedTimeReadsWhenTheEngineStoppedEachSandbox() throws Exception {
        // What prune removes and spares is in the contract suite; here, the engine's own stop times.
        Path parent = support.newWorkspace("prune");
        Sandbox stoppedLong = open(support.newWorkspaceInside(parent, "stopped-long"));
        Sandbox stoppedJustNow = open(support.newWorkspaceInside(parent, "stopped-just-now"));
        stoppedLong.stop();
        Thread.sleep(2500);
        stoppedJustNow.stop();

        List<Prune.Match> removed = Sandboxes.manager().prune(Prune.stoppedFor(Duration.ofSeconds(2)).within(parent));
        assertEquals(java.util.Set.of(stoppedLong.id()), ids(removed));
        assertTrue(removed.get(0).reason().matches("stopped for PT[2-9](\\.\\d+)?S"), removed.get(0).reason());
        assertEquals(SandboxStatus.REMOVED, stoppedLong.info().status());
        assertEquals(SandboxStatus.STOPPED, stoppedJustNow.info().status());
        List.of(stoppedLong, stoppedJustNow).forEach(Sandbox::close);
    }

    private Sandbox open(Path workspace) {
        return support.builder(workspace).open();
    }

    private static java.util.Set<String> ids(List<Prune.Match> matches) {
        return matches.stream().map(m -> m.sandbox().id()).collect(Collectors.toSet());
    }

    private boolean running(String id) {
        return Boolean.TRUE.equals(docker.inspectContainerCmd(id).exec().getState().getRunning());
    }

    private void awaitEngineSays(String id, boolean runningWanted, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (running(id) != runningWanted && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertEquals(runningWanted, running(id));
    }
}
