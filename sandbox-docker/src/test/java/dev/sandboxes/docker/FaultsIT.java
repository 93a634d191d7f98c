package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import dev.sandboxes.Sandbox;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.errors.SandboxNotFoundException;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.exec.ExecHandle;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import dev.sandboxes.spi.RuntimeConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What happens to a sandbox behind the library's back (stopped, killed, removed, its command
 * killed, the engine's connection cut) is reported as such, the next open mends it, and no call
 * hangs: every test here has a minute at most.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultsIT {

    private final DockerTestSupport support = new DockerTestSupport();
    private final DockerClient docker = DockerTestSupport.docker();

    @AfterEach
    void cleanUp() {
        support.close();
    }

    @Test
    void aSandboxStoppedBehindTheLibrarysBackIsReportedAndTheNextOpenStartsItWithItsState() throws Exception {
        Path workspace = support.newWorkspace("stopped-behind");
        try (Sandbox sandbox = support.builder(workspace).open()) {
            sandbox.exec("sh", "-c", "echo kept > /home/agent/note");
            docker.stopContainerCmd(sandbox.id()).exec();

            assertEquals(SandboxStatus.STOPPED, sandbox.info().status());
            SandboxStateException notRunning = assertThrows(SandboxStateException.class, () -> sandbox.exec("true"));
            assertTrue(notRunning.getMessage().contains("not running"), notRunning.getMessage());

            try (Sandbox reopened = support.builder(workspace).open()) {
                assertEquals(sandbox.id(), reopened.id());
                assertEquals("kept\n", reopened.exec("cat", "/home/agent/note").stdout());
            }
            // The first handle works again, unchanged: it names the same container.
            assertEquals(SandboxStatus.RUNNING, sandbox.info().status());
            assertEquals("kept\n", sandbox.exec("cat", "/home/agent/note").stdout());
        }
    }

    @Test
    void aSandboxKilledBehindTheLibrarysBackStaysDownUntilTheNextOpenStartsIt() throws Exception {
        Path workspace = support.newWorkspace("killed-behind");
        try (Sandbox sandbox = support.builder(workspace).open()) {
            docker.killContainerCmd(sandbox.id()).exec();
            // A kill through the engine is a stop the user asked for: the restart policy leaves it down.
            // The engine decides as the container dies, under its lock: "restarting" if it will start it
            // again, "exited" if not, and an exited container stays so.
            Await.until(() -> !"running".equals(engineStatus(sandbox.id())), Duration.ofSeconds(30), () -> "the kill to end it");
            assertEquals("exited", engineStatus(sandbox.id()));
            assertEquals(SandboxStatus.STOPPED, sandbox.info().status());
            assertThrows(SandboxStateException.class, () -> sandbox.exec("true"));
            try (Sandbox reopened = support.builder(workspace).open()) {
                assertEquals(sandbox.id(), reopened.id());
                assertEquals(SandboxStatus.RUNNING, reopened.info().status());
                assertEquals("up\n", reopened.exec("echo", "up").stdout());
            }
        }
    }

    @Test
    void aSandboxRemovedBehindTheLibrarysBackIsReportedAndTheNextOpenCreatesAnother() throws Exception {
        Path workspace = support.newWorkspace("removed-behind");
        Files.writeString(workspace.resolve("work.txt"), "the user's work\n");
        try (Sandbox sandbox = support.builder(workspace).open()) {
            docker.removeContainerCmd(sandbox.id()).withForce(true).exec();

            assertEquals(SandboxStatus.REMOVED, sandbox.info().status());
            SandboxNotFoundException gone = assertThrows(SandboxNotFoundException.class, () -> sandbox.exec("true"));
            assertTrue(gone.getMessage().contains(sandbox.id().substring(0, 12)) || gone.getMessage().contains(sandbox.name()),
                    gone.getMessage());

            try (Sandbox recreated = support.builder(workspace).open()) {
                assertNotEquals(sandbox.id(), recreated.id());
                assertEquals("the user's work\n", recreated.exec("cat", "work.txt").stdout());
            }
            assertEquals(1, DockerTestSupport.containersOf(workspace).size());
        }
    }

    @Test
    void aCommandKilledInsideTheSandboxReturnsItsRealExitStatus() throws Exception {
        Path workspace = support.newWorkspace("killed-inside");
        try (Sandbox sandbox = support.builder(workspace).open()) {
            assertEquals(137, sandbox.exec("sh", "-c", "kill -KILL $$").exitCode());
            assertEquals(143, sandbox.exec("sh", "-c", "kill -TERM $$").exitCode());

            // Killed by another command, as an agent's `pkill` or the OOM killer would.
            ExecHandle sleeper = sandbox.start(ExecRequest.of("sh", "-c", "echo $$ > /tmp/sleeper.pid; exec sleep 60"));
            awaitFile(sandbox, "/tmp/sleeper.pid");
            assertEquals(0, sandbox.exec("sh", "-c", "kill -INT $(cat /tmp/sleeper.pid)").exitCode());
            ExecResult interrupted = sleeper.result().get(20, TimeUnit.SECONDS);
            assertEquals(130, interrupted.exitCode());
            assertTrue(!interrupted.timedOut());
            assertEquals(SandboxStatus.RUNNING, sandbox.info().status());
        }
    }

    @Test
    void theEnginesConnectionDroppingMidExecGivesAClearErrorNotAHang() throws Exception {
        Path workspace = support.newWorkspace("dropped");
        try (LoopbackDockerProxy proxy = new LoopbackDockerProxy(Path.of("/var/run/docker.sock"));
             DockerSandboxRuntime runtime = new DockerRuntimeProvider().create(
                     RuntimeConfig.fromHost().withEnv("DOCKER_HOST", proxy.tcpAddress().toString()));
             Sandbox sandbox = Sandboxes.forWorkspace(workspace).template(DockerTestSupport.TEMPLATE).runtime(runtime).open()) {
            ExecHandle running = sandbox.start(ExecRequest.of("sh", "-c", "echo started; exec sleep 45"));
            awaitOutputStarted(sandbox);
            proxy.dropConnections();

            ExecutionException failed = assertThrows(ExecutionException.class, () -> running.result().get(20, TimeUnit.SECONDS));
            SandboxException cause = (SandboxException) failed.getCause();
            assertTrue(cause.getMessage().contains("connection to the Docker engine"), cause.getMessage());
            // The runtime itself is fine: its next calls get new connections.
            assertEquals("again\n", sandbox.exec("echo", "again").stdout());
        }
    }

    @Test
    void whatACommandWroteToTheWorkspaceIsOnTheHostTheMomentItReturnsWhateverHappensNext() throws Exception {
        Path workspace = support.newWorkspace("nothing-lost");
        try (Sandbox sandbox = support.builder(workspace).open()) {
            sandbox.exec("sh", "-c", "echo 'written by the agent' > from-exec.txt");
            sandbox.writeFile(workspace.resolve("from-api.txt").toString(), "written through the API\n".getBytes(StandardCharsets.UTF_8));
            docker.killContainerCmd(sandbox.id()).withSignal("KILL").exec();
            docker.removeContainerCmd(sandbox.id()).withForce(true).exec();
        }
        assertEquals("written by the agent\n", Files.readString(workspace.resolve("from-exec.txt")));
        assertEquals("written through the API\n", Files.readString(workspace.resolve("from-api.txt")));
    }

    private String engineStatus(String id) {
        return docker.inspectContainerCmd(id).exec().getState().getStatus();
    }

    private static void awaitFile(Sandbox sandbox, String path) throws InterruptedException {
        Await.until(() -> sandbox.exec("test", "-s", path).exitCode() == 0, Duration.ofSeconds(20), () -> path + " to be written");
    }

    /** Waits until the shell has exec'd its sleep, so the drop cuts a command that is running. */
    private static void awaitOutputStarted(Sandbox sandbox) throws InterruptedException {
        Await.until(() -> sandbox.exec("pidof", "sleep").exitCode() == 0, Duration.ofSeconds(20), () -> "the sleep to run");
    }
}
