package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.InvalidWorkspaceException;
import dev.sandboxes.Sandbox;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The check that the engine really shows the host's workspace folder inside. */
class WorkspaceMountCheckIT {

    private final DockerTestSupport support = new DockerTestSupport();

    @AfterEach
    void cleanUp() {
        support.close();
    }

    @Test
    void aFolderTheEngineMountsIsFoundByReadingBackAFileWrittenOnTheHost() throws Exception {
        Path workspace = support.newWorkspace("readback");
        try (Sandbox sandbox = support.builder(workspace).open()) {
            DockerTestSupport.creator(false).readBack(sandbox.id(), workspace);
        }
        try (Stream<Path> left = Files.list(workspace)) {
            assertEquals(0, left.count(), "the probe file must be removed");
        }
    }

    @Test
    void aFolderTheEngineDoesNotShowInsideIsRefusedClearly() throws Exception {
        Path workspace = support.newWorkspace("shown");
        Path elsewhere = support.newWorkspace("notshown");
        try (Sandbox sandbox = support.builder(workspace).open()) {
            // The container mounts `workspace`; `elsewhere` stands for a folder a remote engine cannot see.
            InvalidWorkspaceException e = assertThrows(InvalidWorkspaceException.class,
                    () -> DockerTestSupport.creator(false).readBack(sandbox.id(), elsewhere));
            assertTrue(e.getMessage().contains("does not see the folder " + elsewhere), e.getMessage());
        }
    }

    @Test
    void onlyAnEngineOnThisMachineIsSparedTheReadBack() throws Exception {
        EngineHost local = EngineHost.of(DockerTestSupport.docker().infoCmd().exec());
        DockerEndpoint socket = DockerTestSupport.runtime().endpoint();
        assertTrue(local.sharesFileSystemWith(socket), "the engine on /var/run/docker.sock is on this machine");
        assertFalse(local.sharesFileSystemWith(new DockerEndpoint(URI.create("tcp://127.0.0.1:2375"), Optional.empty(), "test")));
        EngineHost vm = new EngineHost("docker-desktop", local.kernelVersion(), "Docker Desktop");
        assertFalse(vm.sharesFileSystemWith(socket));
    }

    @Test
    void aBindSourceTheEngineCannotFindIsAnInvalidWorkspace() throws Exception {
        Path workspace = support.newWorkspace("vanishing");
        Path gone = support.newWorkspace("gone");
        // The guard passes while the folder exists; it vanishes before the engine mounts it.
        var builder = support.builder(workspace).mount(gone, "/gone", false);
        Files.delete(gone);
        InvalidWorkspaceException e = assertThrows(InvalidWorkspaceException.class, builder::open);
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertTrue(DockerTestSupport.runtime().findByWorkspace(workspace).isEmpty());
    }
}
