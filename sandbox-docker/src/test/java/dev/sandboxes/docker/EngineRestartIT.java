package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.exec.ExecHandle;
import dev.sandboxes.exec.ExecRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine restarts under open sandboxes: they come back, their handles work again without being
 * reopened, and calls made while it is down fail with the library's own error instead of hanging.
 *
 * <p>It restarts the machine's dockerd ({@code scripts/engine.sh restart}), so it runs only where
 * that is allowed: {@code SANDBOXES_TEST_ENGINE_RESTART=allowed}, which {@code .ci/run} sets for
 * the engine it manages. Never a developer's Docker Desktop by accident.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EngineRestartIT {

    private final DockerTestSupport support = new DockerTestSupport();

    @AfterEach
    void cleanUp() {
        support.close();
    }

    @Test
    void sandboxesComeBackAfterTheEngineRestartsAndTheirHandlesWorkAgainWithoutBeingReopened() throws Exception {
        assumeTrue("allowed".equals(System.getenv("SANDBOXES_TEST_ENGINE_RESTART")),
                "This test restarts dockerd: set SANDBOXES_TEST_ENGINE_RESTART=allowed (.ci/run does) to run it.");
        Path workspace = support.newWorkspace("engine-restart");
        Path stoppedWorkspace = support.newWorkspace("engine-restart-stopped");
        try (Sandbox sandbox = support.builder(workspace).open(); Sandbox stopped = support.builder(stoppedWorkspace).open()) {
            sandbox.exec("sh", "-c", "echo 'in the home' > /home/agent/state && echo 'in the workspace' > work.txt");
            // As a package install would: a program put in place as root, outside the workspace.
            sandbox.exec(ExecRequest.of("sh", "-c", "mkdir -p /opt/tool && printf '#!/bin/sh\\necho installed\\n'"
                    + " > /opt/tool/run && chmod 755 /opt/tool/run").asRoot());
            stopped.stop();
            ExecHandle running = sandbox.start(ExecRequest.of("sleep", "120"));
            Await.until(() -> sandbox.exec("pidof", "sleep").exitCode() == 0, Duration.ofSeconds(20), () -> "the sleep to run");

            Restart restart = Restart.begin();
            List<SandboxException> whileDown = callUntil(restart.done(), () -> sandbox.exec("echo", "up?"));
            assertEquals(0, restart.exitCode(), "scripts/engine.sh restart failed");

            // The command that ran when the engine went away ended, not hung: with the signal that
            // ended it, or with an error saying the sandbox or the engine went away, whichever the
            // engine could still tell at that moment.
            try {
                int code = running.result().get(30, TimeUnit.SECONDS).exitCode();
                assertTrue(code > 128, "the cut command ended with " + code);
            } catch (ExecutionException cut) {
                assertTrue(cut.getCause() instanceof SandboxException, String.valueOf(cut.getCause()));
                assertTrue(cut.getCause().getMessage().contains("was stopped while")
                        || cut.getCause().getMessage().contains("Docker engine")
                        || cut.getCause().getMessage().contains("could not start"), cut.getCause().getMessage());
            }
            assertFalse(whileDown.isEmpty(), "no call was made while the engine was down");
            // A call that began just before the engine stopped the sandbox says so.
            whileDown.forEach(e -> assertTrue(e.getMessage().contains("Docker engine") || e.getMessage().contains("engine is restarting")
                    || e.getMessage().contains("was stopped while"), e.getMessage()));
            System.out.println("while the engine was down: " + whileDown.stream().map(e -> e.getClass().getSimpleName()
                    + ": " + e.getMessage()).distinct().toList());

            // Back, by the restart policy, with everything in it; the same handle serves again.
            awaitStatus(sandbox, SandboxStatus.RUNNING, Duration.ofSeconds(60));
            assertEquals("in the home\n", sandbox.exec("cat", "/home/agent/state").stdout());
            assertEquals("installed\n", sandbox.exec("/opt/tool/run").stdout());
            assertEquals("in the workspace\n", sandbox.exec("cat", "work.txt").stdout());
            // In a fresh network namespace, still behind its proxy: the host is as unreachable as before.
            try (HostServer host = HostServer.start()) {
                OpenNetworkIT.assertHolds(sandbox, host.port());
            }
            // A sandbox stopped on purpose stays stopped, its state kept for the next open.
            assertEquals(SandboxStatus.STOPPED, stopped.info().status());
            try (Sandbox reopened = support.builder(stoppedWorkspace).open()) {
                assertEquals(stopped.id(), reopened.id());
            }
        }
        // The runtime carries on for new sandboxes too.
        try (Sandbox fresh = support.builder(support.newWorkspace("after-restart")).open()) {
            assertEquals("fresh\n", fresh.exec("echo", "fresh").stdout());
        }
    }

    /** Calls {@code call} over and over until {@code done} completes, collecting the library's errors. */
    private static List<SandboxException> callUntil(CompletableFuture<?> done, Runnable call) throws InterruptedException {
        List<SandboxException> errors = new ArrayList<>();
        while (!done.isDone()) {
            try {
                call.run();
            } catch (SandboxException e) {
                errors.add(e);
            }
            Thread.sleep(50);
        }
        return errors;
    }

    private static void awaitStatus(Sandbox sandbox, SandboxStatus wanted, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (sandbox.info().status() != wanted && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertEquals(wanted, sandbox.info().status());
    }

    /** {@code scripts/engine.sh restart}, running in the background. */
    private record Restart(Process process, CompletableFuture<Process> done) {

        static Restart begin() throws IOException {
            Path script = Path.of(System.getProperty("sandboxes.scripts", "../scripts"), "engine.sh");
            assertTrue(Files.isExecutable(script), script + " is missing");
            Process process = new ProcessBuilder(script.toString(), "restart").inheritIO().start();
            return new Restart(process, process.onExit());
        }

        int exitCode() throws InterruptedException {
            assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the engine did not restart within two minutes");
            return process.exitValue();
        }
    }
}
