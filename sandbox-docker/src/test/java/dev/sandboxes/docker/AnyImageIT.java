package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ordinary images as templates: their own user at uid 1000, their own entrypoint, no sudo, or no shell. */
class AnyImageIT {

    /**
     * Like many official images: a user `node` at uid 1000, no `agent`, an entrypoint of its own, and
     * no HOME in its environment (copied from the template's files only, not its settings).
     */
    private static final String NODE_STYLE = "sandboxes/test-node-style:it";
    /** No /bin/sh: only a `sleep`. */
    private static final String NO_SHELL = "sandboxes/test-no-shell:it";

    private final DockerTestSupport support = new DockerTestSupport();

    @BeforeAll
    static void buildImages(@org.junit.jupiter.api.io.TempDir Path context) throws Exception {
        build(context.resolve("node"), NODE_STYLE, "FROM " + DockerTestSupport.TEMPLATE + " AS files\n"
                + "FROM scratch\nCOPY --from=files / /\nENV PATH=/bin\n"
                + "RUN sed -i 's/^agent:/node:/; s#/home/agent#/home/node#' /etc/passwd && sed -i 's/^agent:/node:/' /etc/group"
                + " && mv /home/agent /home/node\nUSER node\nENTRYPOINT [\"/bin/false\"]\n");
        build(context.resolve("noshell"), NO_SHELL, "FROM " + DockerTestSupport.TEMPLATE + " AS tools\n"
                + "FROM scratch\nCOPY --from=tools /bin/busybox /bin/sleep\n");
    }

    @AfterAll
    static void removeImages() {
        for (String image : new String[] {NODE_STYLE, NO_SHELL}) {
            DockerTestSupport.docker().removeImageCmd(image).withForce(true).exec();
        }
    }

    @AfterEach
    void cleanUp() {
        support.close();
    }

    @Test
    void anImageWithItsOwnUserAndEntrypointGetsAnAgentUserAndTheIdleLoop() throws Exception {
        Path workspace = support.newWorkspace("nodestyle");
        try (Sandbox sandbox = Sandboxes.forWorkspace(workspace).template(NODE_STYLE).runtime(DockerTestSupport.runtime()).open()) {
            assertEquals("agent\n", sandbox.exec("id", "-un").stdout());
            assertEquals("/home/agent\n", sandbox.exec("sh", "-c", "echo $HOME").stdout());
            assertEquals(0, sandbox.exec("sh", "-c", "touch ~/probe").exitCode());
            String pid1 = sandbox.exec("cat", "/proc/1/cmdline").stdout().split("\0")[0];
            assertTrue(pid1.endsWith("docker-init"), "the image's entrypoint was overridden: " + pid1);
            assertFalse(sandbox.info().agentUser().orElseThrow().sudo(), "the image has no sudo");
            // The image's own user is still there.
            assertEquals(0, sandbox.exec("sh", "-c", "grep -q '^node:x:1000:' /etc/passwd").exitCode());
        }
    }

    @Test
    void onAWorkspaceOwnedBy1000TheAgentSharesTheImageUsersUid() throws Exception {
        Path workspace = support.newWorkspace("nodeowned");
        Files.setAttribute(workspace, "unix:uid", 1000);
        Files.setAttribute(workspace, "unix:gid", 1000);
        try (Sandbox sandbox = Sandboxes.forWorkspace(workspace).template(NODE_STYLE).runtime(DockerTestSupport.runtime()).open()) {
            assertEquals(0, sandbox.exec("touch", "made.txt").exitCode());
            assertEquals(1000, Files.getAttribute(workspace.resolve("made.txt"), "unix:uid"));
            assertEquals("agent\n", sandbox.exec("id", "-un").stdout(), "the agent, not node, though they share 1000");
            assertEquals("/home/agent\n", sandbox.exec("sh", "-c", "echo $HOME").stdout());
            assertEquals(0, sandbox.exec("sh", "-c", "touch ~/probe").exitCode());
        }
    }

    @Test
    void anImageWithoutAShellIsAClearErrorAndLeavesNothingBehind() throws Exception {
        Path workspace = support.newWorkspace("noshell");
        InvalidSandboxConfigException e = assertThrows(InvalidSandboxConfigException.class,
                () -> Sandboxes.forWorkspace(workspace).template(NO_SHELL).runtime(DockerTestSupport.runtime()).open());
        assertTrue(e.getMessage().contains("has no /bin/sh"), e.getMessage());
        assertTrue(DockerTestSupport.containersOf(workspace).isEmpty());
    }

    private static void build(Path context, String tag, String dockerfile) throws Exception {
        Files.createDirectories(context);
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        DockerTestSupport.docker().buildImageCmd(context.toFile()).withTags(Set.of(tag)).start().awaitImageId();
    }
}
