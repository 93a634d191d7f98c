package dev.sandboxes.examples.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandboxes;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.spi.SandboxRuntime;
import dev.sandboxes.testkit.junit5.SandboxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same orchestrator against Docker: real processes in real sandboxes. The testkit's extension
 * decides whether Docker is there (and fails when it is required) and checks that nothing leaks.
 */
class OrchestratorIT {

    private static final String TEMPLATE = "sandboxes/test-template:latest";

    @RegisterExtension
    static SandboxExtension sandboxes = SandboxExtension.docker(TEMPLATE);

    @TempDir
    Path repositories;

    private final SandboxRuntime runtime = Sandboxes.runtime();

    @AfterEach
    void removeSandboxes() throws java.io.IOException {
        Path root = repositories.toRealPath();
        runtime.list().stream().filter(s -> s.workspace().startsWith(root))
                .forEach(s -> runtime.remove(s.id(), SandboxListener.NONE));
    }

    @Test
    void eachFolderRunsTheTaskForRealAndKeepsItsSandbox() throws Exception {
        Path api = folder("api", "make test\n");
        Path web = folder("web", "");
        List<TaskResult> results = new Orchestrator(folder -> Sandboxes.forWorkspace(folder).template(TEMPLATE).runtime(runtime), 2)
                .runInEach(List.of(api, web), "test -s Makefile && cat Makefile", Duration.ofMinutes(1));
        assertTrue(results.get(0).succeeded());
        assertEquals("make test\n", results.get(0).output());
        assertFalse(results.get(1).succeeded());
        assertEquals(1, results.get(1).exitCode());
        Path root = repositories.toRealPath();
        assertEquals(2, runtime.list().stream().filter(s -> s.workspace().startsWith(root)).count());
    }

    private Path folder(String name, String makefile) throws Exception {
        Path folder = Files.createDirectories(repositories.resolve(name));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(folder.resolve("Makefile"), makefile);
        return folder.toRealPath();
    }
}
