package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.MountType;
import dev.sandboxes.Sandbox;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.core.SandboxEvent;
import dev.sandboxes.core.SandboxInfo;
import dev.sandboxes.core.SandboxLabels;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.errors.SandboxClosedException;
import dev.sandboxes.errors.SandboxNotFoundException;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.exec.ExecResult;
import dev.sandboxes.spi.LabelCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SandboxLifecycleIT {

    private final DockerTestSupport support = new DockerTestSupport();

    @AfterEach
    void cleanUp() {
        support.close();
    }

    @Test
    void openCreatesARunningSandboxLabelledWithItsWorkspace() throws Exception {
        Path workspace = support.newWorkspace("create");
        try (Sandbox sandbox = support.builder(workspace).open()) {
            SandboxInfo info = sandbox.info();
            assertEquals(SandboxStatus.RUNNING, info.status());
            assertEquals(workspace, info.workspace());
            assertEquals(DockerTestSupport.TEMPLATE, info.template());
            assertEquals("shell", info.agent());
            assertTrue(sandbox.name().startsWith("sandbox-" + workspace.getFileName().toString().toLowerCase()));
            assertEquals("true", info.labels().get(SandboxLabels.MARKER));
            assertEquals(workspace.toString(), info.labels().get(SandboxLabels.WORKSPACE));
            assertEquals(String.valueOf(Files.getAttribute(workspace, "unix:ino")),
                    info.labels().get(LabelCodec.WORKSPACE_INODE));
            assertEquals(Sandboxes.version(), info.labels().get(SandboxLabels.VERSION));
            assertEquals(DockerTestSupport.TEMPLATE, info.labels().get(SandboxLabels.TEMPLATE));
        }
    }

    @Test
    void reopeningTheWorkspaceReusesTheSameContainer() throws Exception {
        Path workspace = support.newWorkspace("reuse");
        String firstId;
        try (Sandbox first = support.builder(workspace).open()) {
            firstId = first.id();
        }
        List<SandboxEvent.Type> events = new CopyOnWriteArrayList<>();
        try (Sandbox second = support.builder(workspace).listener(e -> events.add(e.type())).open()) {
            assertEquals(firstId, second.id());
        }
        assertEquals(List.of(SandboxEvent.Type.REUSED), events);
        assertEquals(1, DockerTestSupport.docker().listContainersCmd().withShowAll(true)
                .withLabelFilter(java.util.Map.of(SandboxLabels.WORKSPACE, workspace.toString())).exec().size());
    }

    @Test
    void closeDetachesTwiceWithoutTouchingTheSandbox() throws Exception {
        Path workspace = support.newWorkspace("close");
        Sandbox sandbox = support.builder(workspace).open();
        sandbox.close();
        sandbox.close();
        assertThrows(SandboxClosedException.class, () -> sandbox.exec("true"));
        assertThrows(SandboxClosedException.class, sandbox::info);
        InspectContainerResponse container = DockerTestSupport.docker().inspectContainerCmd(sandbox.id()).exec();
        assertTrue(container.getState().getRunning());
    }

    @Test
    void stateOutsideTheWorkspaceSurvivesCloseStopAndReopen() throws Exception {
        Path workspace = support.newWorkspace("persist");
        try (Sandbox sandbox = support.builder(workspace).open()) {
            assertEquals(0, sandbox.exec("sh", "-c", "echo kept > /tmp/state").exitCode());
        }
        try (Sandbox sandbox = support.builder(workspace).open()) {
            assertEquals("kept\n", sandbox.exec("cat", "/tmp/state").stdout());
            sandbox.stop();
            assertEquals(SandboxStatus.STOPPED, sandbox.info().status());
            assertThrows(SandboxStateException.class, () -> sandbox.exec("true"));
        }
        List<SandboxEvent.Type> events = new CopyOnWriteArrayList<>();
        try (Sandbox sandbox = support.builder(workspace).listener(e -> events.add(e.type())).open()) {
            assertEquals(SandboxStatus.RUNNING, sandbox.info().status());
            assertEquals("kept\n", sandbox.exec("cat", "/tmp/state").stdout());
        }
        assertEquals(List.of(SandboxEvent.Type.STARTED), events);
    }

    @Test
    void removeDeletesTheContainerAndClosesTheHandle() throws Exception {
        Path workspace = support.newWorkspace("remove");
        List<SandboxEvent.Type> events = new CopyOnWriteArrayList<>();
        Sandbox sandbox = support.builder(workspace).listener(e -> events.add(e.type())).open();
        String id = sandbox.id();
        sandbox.remove();
        assertTrue(DockerTestSupport.docker().listContainersCmd().withShowAll(true).withIdFilter(List.of(id)).exec().isEmpty());
        assertThrows(SandboxClosedException.class, sandbox::info);
        assertThrows(SandboxNotFoundException.class, () -> Sandboxes.manager(DockerTestSupport.runtime()).attach(id));
        assertEquals(List.of(SandboxEvent.Type.CREATING, SandboxEvent.Type.CREATED, SandboxEvent.Type.STARTED,
                SandboxEvent.Type.REMOVED), events);
        // The next open makes a new one.
        try (Sandbox again = support.builder(workspace).open()) {
            assertNotEquals(id, again.id());
        }
    }

    @Test
    void stopEventAndStopOfAStoppedSandboxIsNoError() throws Exception {
        Path workspace = support.newWorkspace("stop");
        List<SandboxEvent.Type> events = new CopyOnWriteArrayList<>();
        try (Sandbox sandbox = support.builder(workspace).listener(e -> events.add(e.type())).open()) {
            sandbox.stop();
            sandbox.stop();
        }
        assertEquals(List.of(SandboxEvent.Type.CREATING, SandboxEvent.Type.CREATED, SandboxEvent.Type.STARTED,
                SandboxEvent.Type.STOPPED, SandboxEvent.Type.STOPPED), events);
    }

    @Test
    void theMainProcessIsTheEnginesInitRunningAnIdleLoop() throws Exception {
        Path workspace = support.newWorkspace("init");
        try (Sandbox sandbox = support.builder(workspace).open()) {
            InspectContainerResponse container = DockerTestSupport.docker().inspectContainerCmd(sandbox.id()).exec();
            assertTrue(container.getHostConfig().getInit());
            assertEquals("unless-stopped", container.getHostConfig().getRestartPolicy().getName());
            assertEquals(List.of("sleep", "infinity"), List.of(container.getConfig().getEntrypoint()));
            assertTrue(container.getHostConfig().getBinds() == null || container.getHostConfig().getBinds().length == 0);
            assertEquals(MountType.BIND, container.getHostConfig().getMounts().get(0).getType());
            String pid1 = sandbox.exec("cat", "/proc/1/cmdline").stdout().split("\0")[0];
            assertTrue(pid1.endsWith("docker-init"), pid1);
        }
    }

    @Test
    void execReportsExitCodeAndKeepsStdoutAndStderrApart() throws Exception {
        Path workspace = support.newWorkspace("exec");
        try (Sandbox sandbox = support.builder(workspace).open()) {
            ExecResult result = sandbox.exec("sh", "-c", "echo out; echo err >&2; exit 3");
            assertEquals(3, result.exitCode());
            assertFalse(result.succeeded());
            assertEquals("out\n", result.stdout());
            assertEquals("err\n", result.stderr());
            assertFalse(result.duration().isNegative());
        }
    }

    @Test
    void devShmIsLargeEnoughForAHeadlessBrowser() throws Exception {
        try (Sandbox sandbox = support.builder(support.newWorkspace("shm")).open()) {
            String[] df = sandbox.exec("df", "-k", "/dev/shm").orThrow().stdout().strip().split("\n");
            long kilobytes = Long.parseLong(df[df.length - 1].trim().split("\\s+")[1]);
            assertEquals(SandboxCreator.SHM_BYTES / 1024, kilobytes, String.join("\n", df));
        }
    }

    @Test
    void aWorkspaceDeletedAndMadeAgainIsSeenAfreshAndTheRestOfTheSandboxStays() throws Exception {
        Path workspace = support.newWorkspace("remade");
        String id;
        try (Sandbox sandbox = support.builder(workspace).open()) {
            id = sandbox.id();
            sandbox.exec("sh", "-c", "echo old > old.txt && echo kept > /home/agent/kept.txt").orThrow();
        }
        // The folder goes, and a new one takes its path (with another inode: the old one is still
        // held by the sandbox's mount, so the file system cannot hand its number out again).
        Files.delete(workspace.resolve("old.txt"));
        Files.delete(workspace);
        Files.createDirectory(workspace);
        Files.setPosixFilePermissions(workspace, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        try (Sandbox reopened = support.builder(workspace).open()) {
            assertEquals(id, reopened.id(), "the same sandbox, not a new one");
            assertEquals("", reopened.exec("ls", "-A").stdout(), "it sees the new, empty folder");
            reopened.exec("sh", "-c", "echo new > new.txt").orThrow();
            assertEquals("new\n", Files.readString(workspace.resolve("new.txt")), "its writes reach the new folder");
            assertEquals("kept\n", reopened.readText("/home/agent/kept.txt"), "what it had outside the workspace stays");
        }
        try (Sandbox again = support.builder(workspace).open()) {
            assertEquals(SandboxStatus.RUNNING, again.info().status());
            assertEquals("new\n", again.readText(workspace.resolve("new.txt").toString()), "no restart loop: reused as it is");
        }
    }
}
