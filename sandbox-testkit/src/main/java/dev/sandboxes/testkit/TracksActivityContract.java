package dev.sandboxes.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.core.SandboxEvent;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.exec.ExecHandle;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.spi.TracksActivity;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link dev.sandboxes.spi.TracksActivity}: a runtime tells when a sandbox is busy,
 * so the idle stop stops it only when it is not, and starts it again on the next use.
 *
 * <pre>{@code
 * class MyRuntimeContractTest extends SandboxRuntimeContract implements TracksActivityContract { ... }
 * }</pre>
 */
public interface TracksActivityContract extends RuntimeContractSupport {

    /** The runtime under test as a {@link TracksActivity}. */
    default TracksActivity tracksActivity() {
        return (TracksActivity) runtime();
    }

    @Test
    default void aSandboxIsBusyOnlyWhileACommandRunsAndSaysWhenItStopped() throws Exception {
        try (Sandbox sandbox = builder(newWorkspace()).open()) {
            assertTrue(sandbox.info().stoppedAt().isEmpty());
            assertFalse(tracksActivity().busy(sandbox.id()));
            ExecHandle sleeping = sandbox.start(ExecRequest.of("sleep", "60"));
            assertTrue(tracksActivity().busy(sandbox.id()));
            sleeping.kill();
            sleeping.result().get(30, TimeUnit.SECONDS);
            Awaits.awaitTrue(() -> !tracksActivity().busy(sandbox.id()), "still busy after its command ended");
            // By the runtime's own clock, which may not be this process's (an engine in a VM).
            java.time.Instant before = runtime().now();
            sandbox.stop();
            java.time.Instant stoppedAt = sandbox.info().stoppedAt().orElseThrow();
            java.time.Instant after = runtime().now();
            Duration slack = Duration.ofSeconds(1);
            assertTrue(!stoppedAt.isBefore(before.minus(slack)) && !stoppedAt.isAfter(after.plus(slack)),
                    "stopped at " + stoppedAt + ", between " + before + " and " + after + " by the runtime's clock");
        }
    }

    @Test
    default void anIdleSandboxIsStoppedAndTheNextUseOfItsHandleStartsItAgain() throws Exception {
        List<SandboxEvent.Type> events = new CopyOnWriteArrayList<>();
        try (Sandbox sandbox = builder(newWorkspace()).idleStop(Duration.ofMillis(300))
                .listener(e -> events.add(e.type())).open()) {
            assertTrue(sandbox.exec("true").succeeded());
            // The event follows the runtime's answer to the stop, which may come after the status changes.
            Awaits.awaitTrue(() -> events.contains(SandboxEvent.Type.IDLE_STOPPED), "not stopped after its idle time: " + events);
            assertEquals(SandboxStatus.STOPPED, sandbox.info().status());
            String id = sandbox.id();
            assertTrue(sandbox.exec("true").succeeded());
            assertEquals(SandboxStatus.RUNNING, sandbox.info().status());
            assertEquals(id, runtime().findByWorkspace(sandbox.workspace()).orElseThrow().id());
            sandbox.remove();
        }
    }
}
