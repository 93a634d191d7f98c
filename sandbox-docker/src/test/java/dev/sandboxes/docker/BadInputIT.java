package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Container;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.errors.InvalidWorkspaceException;
import dev.sandboxes.errors.RuntimeUnavailableException;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.spi.RuntimeConfig;
import dev.sandboxes.templates.TemplateNotFoundException;
import dev.sandboxes.templates.TemplateSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each refusal is clear, is the library's own exception, and leaves the engine as it was. */
class BadInputIT {

    private final DockerTestSupport support = new DockerTestSupport();

    @AfterEach
    void cleanUp() {
        support.close();
    }

    @Test
    void aMissingTemplateImageIsAClearErrorAndCreatesNothing() throws Exception {
        Path workspace = support.newWorkspace("noimage");
        TemplateNotFoundException e = assertThrows(TemplateNotFoundException.class,
                () -> Sandboxes.forWorkspace(workspace).template("sandboxes/no-such-template:0")
                        .runtime(DockerTestSupport.runtime()).open());
        assertEquals("sandboxes/no-such-template:0", e.template());
        assertTrue(e.getMessage().contains("is not on the Docker engine"), e.getMessage());
        assertTrue(DockerTestSupport.containersOf(workspace).isEmpty());
    }

    @Test
    void aBuiltTemplateWhoseBaseImageIsMissingIsAClearErrorAndCreatesNothing() throws Exception {
        Path workspace = support.newWorkspace("nobase");
        TemplateSettings settings = TemplateSettings.fromEnvironment().withBaseImage("sandboxes.invalid/no-such-base:0");
        TemplateNotFoundException e = assertThrows(TemplateNotFoundException.class,
                () -> Sandboxes.forWorkspace(workspace).templateSettings(settings).runtime(DockerTestSupport.runtime()).open());
        assertTrue(e.getMessage().contains("Building the template builtin:base"), e.getMessage());
        assertTrue(e.getMessage().contains("TemplateSettings.withBaseImage"), e.getMessage());
        assertTrue(DockerTestSupport.containersOf(workspace).isEmpty());
    }

    @Test
    void anEngineThatDoesNotAnswerIsAClearError() throws Exception {
        Path missing = support.newWorkspace("noengine").resolve("docker.sock");
        Files.createFile(missing);  // a socket file with no engine behind it
        RuntimeConfig config = RuntimeConfig.fromHost().withEnv("DOCKER_HOST", "unix://" + missing);
        RuntimeUnavailableException e = assertThrows(RuntimeUnavailableException.class,
                () -> new DockerRuntimeProvider().create(config));
        assertTrue(e.getMessage().contains("does not answer"), e.getMessage());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void refusedWorkspacesAndMountsChangeNothing() throws Exception {
        Path workspace = support.newWorkspace("refused");
        Path file = Files.writeString(workspace.resolve("file.txt"), "x");
        List<String> before = sandboxIds();
        assertThrows(InvalidWorkspaceException.class, () -> support.builder(workspace.resolve("missing")).open());
        assertThrows(InvalidWorkspaceException.class, () -> support.builder(file).open());
        assertThrows(InvalidWorkspaceException.class, () -> support.builder(Path.of("/")).open());
        assertThrows(InvalidWorkspaceException.class,
                () -> support.builder(Path.of(System.getProperty("user.home"))).open());
        assertThrows(InvalidWorkspaceException.class, () -> support.builder(workspace).mount(workspace, "/etc/x", false).open());
        assertThrows(InvalidWorkspaceException.class, () -> support.builder(workspace).mount(Path.of("/var/run"), "/x", false).open());
        assertTrue(DockerTestSupport.containersOf(workspace).isEmpty());
        // Refused before any call to the engine: not even another workspace got a sandbox.
        assertEquals(before, sandboxIds());
    }

    @Test
    void aNameTakenByAContainerThatIsNotASandboxIsRefusedAndThatContainerIsLeftAlone() throws Exception {
        Path workspace = support.newWorkspace("foreignname");
        String name = "not-a-sandbox-" + workspace.getFileName();
        String foreign = DockerTestSupport.docker().createContainerCmd(DockerTestSupport.TEMPLATE).withName(name).exec().getId();
        try {
            InvalidSandboxConfigException e = assertThrows(InvalidSandboxConfigException.class,
                    () -> support.builder(workspace).name(name).open());
            assertTrue(e.getMessage().contains("not a sandbox"), e.getMessage());
            assertEquals("created", DockerTestSupport.docker().inspectContainerCmd(foreign).exec().getState().getStatus());
        } finally {
            DockerTestSupport.docker().removeContainerCmd(foreign).withForce(true).exec();
        }
    }

    @Test
    void aTemplateWithoutSleepIsAClearErrorAndLeavesNothingBehind() throws Exception {
        Path context = support.newWorkspace("nosleep-image");
        Files.writeString(context.resolve("Dockerfile"), "FROM " + DockerTestSupport.TEMPLATE + "\nUSER root\nRUN rm /bin/sleep\n");
        String image = "sandboxes/test-no-sleep:" + context.getFileName();
        DockerTestSupport.docker().buildImageCmd(context.toFile()).withTags(java.util.Set.of(image)).start().awaitImageId();
        try {
            Path workspace = support.newWorkspace("nosleep");
            SandboxStateException e = assertThrows(SandboxStateException.class,
                    () -> Sandboxes.forWorkspace(workspace).template(image).runtime(DockerTestSupport.runtime()).open());
            assertTrue(e.getMessage().contains("must provide `sleep`"), e.getMessage());
            assertTrue(DockerTestSupport.containersOf(workspace).isEmpty());
        } finally {
            DockerTestSupport.docker().removeImageCmd(image).withForce(true).exec();
        }
    }

    private static List<String> sandboxIds() {
        return DockerTestSupport.docker().listContainersCmd().withShowAll(true)
                .withLabelFilter(java.util.Map.of(dev.sandboxes.core.SandboxLabels.MARKER, "true")).exec().stream()
                .map(Container::getId).sorted().toList();
    }
}
