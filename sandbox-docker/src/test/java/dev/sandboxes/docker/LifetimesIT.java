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
    void pruneRemovesOnlyWhatItIsAskedToStoppedLongEnoughOrWorkspaceGone() throws Exception {
        Path parent = support.newWorkspace("prune");
        Sandbox stoppedLong = open(support.newWorkspaceInside(parent, "stopped-long"));
        Sandbox stoppedJustNow = open(support.newWorkspaceInside(parent, "stopped-just-now"));
        Sandbox running = open(support.newWorkspaceInside(parent, "running"));
        Path goneWorkspace = support.newWorkspaceInside(parent, "gone");
        Sandbox orphan = open(goneWorkspace);
        Sandbox elsewhere = open(support.newWorkspace("prune-elsewhere"));
        stoppedLong.stop();
        elsewhere.stop();
        Thread.sleep(2500);
        stoppedJustNow.stop();
        Files.delete(goneWorkspace);

        Prune prune = Prune.stoppedFor(Duration.ofSeconds(2)).orWorkspaceGone().within(parent);
        List<Prune.Match> listed = Sandboxes.manager().prune(prune.dryRun());
        assertEquals(java.util.Set.of(orphan.id(), stoppedLong.id()), ids(listed));
        assertEquals(5, List.of(stoppedLong, stoppedJustNow, running, orphan, elsewhere).stream()
                .filter(s -> s.info().status() != SandboxStatus.REMOVED).count(), "a dry run removed something");

        List<Prune.Match> removed = Sandboxes.manager().prune(prune);
        assertEquals(java.util.Set.of(orphan.id(), stoppedLong.id()), ids(removed));
        assertTrue(removed.stream().anyMatch(m -> m.reason().equals("workspace gone")));
        assertTrue(removed.stream().anyMatch(m -> m.reason().startsWith("stopped for PT")));
        assertEquals(SandboxStatus.REMOVED, stoppedLong.info().status());
        assertEquals(SandboxStatus.REMOVED, orphan.info().status());
        // A stopped sandbox keeps its state until asked: the recent one, the running one, and the
        // one outside the folder stay.
        assertEquals(SandboxStatus.STOPPED, stoppedJustNow.info().status());
        assertEquals(SandboxStatus.RUNNING, running.info().status());
        assertEquals(SandboxStatus.STOPPED, elsewhere.info().status());
        List.of(stoppedLong, stoppedJustNow, running, orphan, elsewhere).forEach(Sandbox::close);
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
