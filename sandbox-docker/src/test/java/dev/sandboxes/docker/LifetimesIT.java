package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import dev.sandboxes.Sandbox;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.core.Prune;
import dev.sandboxes.core.SandboxEvent;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.exec.ExecHandle;
import dev.sandboxes.exec.ExecRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Idle stop and prune: sandboxes stop when unused and are removed only when asked. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LifetimesIT {

    private static final Duration IDLE = Duration.ofSeconds(1);
    private static final Duration STOPPED_FOR = Duration.ofSeconds(2);

    private final DockerTestSupport support = new DockerTestSupport();
    private final DockerClient docker = DockerTestSupport.docker();

    @AfterEach
    void cleanUp() {
        support.close();
    }

    @Test
    void aSandboxIdleForItsTimeIsStoppedThroughTheEngineAndItsNextUseStartsItAgainWithItsState() throws Exception {
        Path workspace = support.newWorkspace("idle");
        CompletableFuture<SandboxEvent> idleStopped = new CompletableFuture<>();
        try (Sandbox sandbox = support.builder(workspace).idleStop(IDLE).listener(e -> {
            if (e.type() == SandboxEvent.Type.IDLE_STOPPED) {
                idleStopped.complete(e);
            }
        }).open()) {
            sandbox.exec("sh", "-c", "echo kept > /home/agent/state");
            // The event follows the engine's answer to the stop.
            assertEquals(sandbox.id(), idleStopped.get(30, TimeUnit.SECONDS).sandboxId());
            // Stopped through the API, so the restart policy leaves it down: the engine decides as the
            // container dies, and "exited" (not "restarting") is that decision.
            assertEquals("exited", engineStatus(sandbox.id()));
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
        // Several idle times, each with a few of the watch's checks: a stop would come within one.
        Duration window = IDLE.multipliedBy(3);
        try (Sandbox sandbox = support.builder(workspace).idleStop(IDLE).open();
             DockerSandboxRuntime elsewhere = DockerTestSupport.runtime(Duration.ofSeconds(5), false);
             Sandbox other = Sandboxes.forWorkspace(workspace).template(DockerTestSupport.TEMPLATE).runtime(elsewhere).open()) {
            ExecHandle ours = sandbox.start(ExecRequest.of("sleep", "600"));
            Await.holdsFor(window, () -> running(sandbox.id()), () -> "running under a command of this JVM");

            // Another process's command: this JVM did not start it, but the engine lists it.
            ExecHandle theirs = other.start(ExecRequest.of("sleep", "600"));
            ours.kill();
            ours.result().get(30, TimeUnit.SECONDS);
            Await.holdsFor(window, () -> running(sandbox.id()), () -> "running under another process's command");
            theirs.kill();
            theirs.result().get(30, TimeUnit.SECONDS);

            // Then nothing runs: it stops.
            Await.until(() -> !running(sandbox.id()), Duration.ofSeconds(15), () -> "the idle sandbox to stop");
        }
    }

    @Test
    void pruneByStoppedTimeReadsWhenTheEngineStoppedEachSandbox() throws Exception {
        // What prune removes and spares is in the contract suite; here, the engine's own stop times,
        // compared with the engine's own clock.
        Path parent = support.newWorkspace("prune");
        Sandbox stoppedLong = open(support.newWorkspaceInside(parent, "stopped-long"));
        Sandbox stoppedJustNow = open(support.newWorkspaceInside(parent, "stopped-just-now"));
        stoppedLong.stop();
        Instant stoppedAt = stoppedLong.info().stoppedAt().orElseThrow();
        DockerSandboxRuntime runtime = DockerTestSupport.runtime();
        Await.until(() -> !runtime.now().isBefore(stoppedAt.plus(STOPPED_FOR)), Duration.ofSeconds(30),
                () -> "the engine's clock to pass " + stoppedAt.plus(STOPPED_FOR));
        stoppedJustNow.stop();

        List<Prune.Match> removed = Sandboxes.manager(runtime).prune(Prune.stoppedFor(STOPPED_FOR).within(parent));
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

    private String engineStatus(String id) {
        return docker.inspectContainerCmd(id).exec().getState().getStatus();
    }
}
