package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.SandboxBuilder;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.errors.InvalidWorkspaceException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    void anOpenThatReadsBackTheMountSucceedsAndLeavesNoProbeFileBehind() throws Exception {
        Path workspace = support.newWorkspace("readback");
        try (DockerSandboxRuntime readingBack = DockerTestSupport.runtime(Duration.ofSeconds(5), true);
             Sandbox sandbox = Sandboxes.forWorkspace(workspace).template(DockerTestSupport.TEMPLATE)
                     .runtime(readingBack).open()) {
            assertEquals("ok\n", sandbox.exec("echo", "ok").stdout());
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
                    () -> DockerTestSupport.mountCheck().readBack(sandbox.id(), elsewhere));
            assertTrue(e.getMessage().contains("does not see the folder " + elsewhere), e.getMessage());
        }
    }

    @Test
    void theEngineOnThisMachineIsProvenToShareItsFileSystemAndOthersAreNot() throws Exception {
        EngineHost local = EngineHost.of(DockerTestSupport.docker().infoCmd().exec());
        DockerEndpoint socket = DockerTestSupport.runtime().endpoint();
        Path workspace = support.newWorkspace("proof");
        try (Sandbox sandbox = support.builder(workspace).open()) {
            // Either proof holds here: same host outside any container, or the engine's data in sight (CI runs as root).
            assertTrue(local.sharesFileSystemWith(socket) || local.seesDataOf(sandbox.id()));
        }
        assertFalse(local.sharesFileSystemWith(new DockerEndpoint(URI.create("tcp://127.0.0.1:2375"), Optional.empty(), "test")));
        EngineHost vm = new EngineHost("docker-desktop", local.kernelVersion(), "Docker Desktop", Optional.of(Path.of("/var/lib/docker")), false);
        assertFalse(vm.sharesFileSystemWith(socket));
        assertFalse(vm.seesDataOf("0000000000000000000000000000000000000000000000000000000000000000"));
    }

    @Test
    void aBindSourceTheEngineCannotFindIsAnInvalidWorkspaceNamingIt() throws Exception {
        Path workspace = support.newWorkspace("vanishing");
        Path gone = support.newWorkspace("gone");
        // The guard passes while the folder exists; it vanishes before the engine mounts it.
        SandboxBuilder builder = support.builder(workspace).mount(gone, "/gone", false);
        Files.delete(gone);
        InvalidWorkspaceException e = assertThrows(InvalidWorkspaceException.class, builder::open);
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains(gone.toString()), e.getMessage());
        assertTrue(DockerTestSupport.containersOf(workspace).isEmpty());
    }
}
