package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.sandboxes.Sandbox;
import dev.sandboxes.exec.ExecResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PathMatchingIT {

    private final DockerTestSupport support = new DockerTestSupport();

    @AfterEach
    void cleanUp() {
        support.close();
    }

    @Test
    void theWorkspaceIsMountedAtItsOwnPathAndIsTheWorkingDirectory() throws Exception {
        Path workspace = support.newWorkspace("paths");
        Files.createDirectories(workspace.resolve("src/components"));
        Files.writeString(workspace.resolve("src/components/Button.tsx"), "export const Button = 1;\n");
        try (Sandbox sandbox = support.builder(workspace).open()) {
            assertEquals(workspace + "\n", sandbox.exec("pwd").stdout());
            assertEquals("export const Button = 1;\n", sandbox.exec("cat", "src/components/Button.tsx").stdout());
            assertEquals("export const Button = 1;\n",
                    sandbox.exec("cat", workspace + "/src/components/Button.tsx").stdout());
            assertEquals(0, sandbox.exec("sh", "-c", "echo made inside > " + workspace + "/utils.js").exitCode());
            assertEquals("made inside\n", Files.readString(workspace.resolve("utils.js")));
        }
    }

    @Test
    void nothingElseOfTheHostIsVisible() throws Exception {
        Path workspace = support.newWorkspace("isolation");
        Path home = Path.of(System.getProperty("user.home")).toRealPath();
        try (Sandbox sandbox = support.builder(workspace).open()) {
            for (String hostPath : List.of(home.toString(), home + "/.ssh", home + "/.aws", home + "/Documents",
                    "/var/run/docker.sock", "/run/docker.sock")) {
                ExecResult ls = sandbox.exec("ls", hostPath);
                assertNotEquals(0, ls.exitCode(), hostPath + " is visible inside");
                assertTrue(ls.stderr().contains("No such file or directory"), ls::toString);
            }
            InspectContainerResponse container = DockerTestSupport.docker().inspectContainerCmd(sandbox.id()).exec();
            assertEquals(List.of(workspace.toString()),
                    container.getMounts().stream().map(m -> m.getSource()).toList());
        }
    }

    @Test
    void extraMountsAreVisibleAndReadOnlyOnesRefuseWrites() throws Exception {
        Path workspace = support.newWorkspace("mounts");
        Path fixtures = support.newWorkspace("fixtures");
        Path cache = support.newWorkspace("cache");
        Files.writeString(fixtures.resolve("data.txt"), "fixture\n");
        try (Sandbox sandbox = support.builder(workspace).mount(fixtures, "/fixtures", true)
                .mount(cache, "/var/cache/build", false).open()) {
            assertEquals("fixture\n", sandbox.exec("cat", "/fixtures/data.txt").stdout());
            assertNotEquals(0, sandbox.exec("sh", "-c", "echo x > /fixtures/new.txt").exitCode());
            assertEquals(0, sandbox.exec("sh", "-c", "echo cached > /var/cache/build/out.txt").exitCode());
            assertEquals("cached\n", Files.readString(cache.resolve("out.txt")));
            assertTrue(sandbox.info().mounts().stream().anyMatch(m -> m.sandboxPath().equals("/fixtures") && m.readOnly()));
        }
    }

    @Test
    void theDockerSocketIsThereOnlyWhenAskedFor() throws Exception {
        Path workspace = support.newWorkspace("socket");
        try (Sandbox sandbox = support.builder(workspace).mountDockerSocket().open()) {
            assertEquals(0, sandbox.exec("test", "-S", SandboxCreator.SOCKET_IN_SANDBOX).exitCode());
            assertTrue(sandbox.info().dockerSocket());
        }
    }
}
