package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.agents.AgentUser;
import dev.sandboxes.core.SandboxInfo;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files the agent creates in the workspace belong to the workspace's owner on the host (this engine
 * is native and rootful, so the agent takes the owner's ids), and the agent can always write its home.
 */
class OwnershipIT {

    private final DockerTestSupport support = new DockerTestSupport();

    @AfterEach
    void cleanUp() {
        support.close();
    }

    /** 1000 is the image's agent; 1234 is in no file of the image; 33 is the image's www-data (see the build script). */
    @ParameterizedTest(name = "workspace owned by {0}")
    @ValueSource(ints = {1000, 1234, 33})
    void filesCreatedInsideBelongToTheWorkspaceOwner(int owner) throws Exception {
        Path workspace = ownedWorkspace("owner" + owner, owner);
        try (Sandbox sandbox = support.builder(workspace).open()) {
            assertEquals(owner + "\n", sandbox.exec("id", "-u").stdout());
            assertEquals("agent\n", sandbox.exec("id", "-un").stdout(), "the agent, not another user of its uid");
            ExecResult created = sandbox.exec("sh", "-c", "echo made inside > made-inside.txt");
            assertEquals(0, created.exitCode(), created.stderr());
            assertEquals(owner, Files.getAttribute(workspace.resolve("made-inside.txt"), "unix:uid"));
            assertEquals(0, sandbox.exec("sh", "-c", "touch ~/home-probe && test \"$HOME\" = /home/agent").exitCode());
            SandboxInfo info = sandbox.info();
            assertEquals(new AgentUser(AgentUser.NAME, owner, owner, false), info.agentUser().orElseThrow());
            assertTrue(info.workspaceWritable());
        }
    }

    @Test
    void aRootOwnerIsNotCopiedAndInfoSaysTheAgentCannotWrite() throws Exception {
        Path workspace = ownedWorkspace("rootowned", 0);
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Sandbox sandbox = support.builder(workspace).open()) {
            assertEquals("1000\n", sandbox.exec("id", "-u").stdout());
            assertFalse(sandbox.info().workspaceWritable());
            ExecResult denied = sandbox.exec("touch", "denied.txt");
            assertNotEquals(0, denied.exitCode());
            assertTrue(denied.stderr().contains("Permission denied"), denied::toString);
            assertEquals(0, sandbox.exec("sh", "-c", "touch ~/home-probe").exitCode());
        }
    }

    @Test
    void onAWorkspaceRootOwnedButOpenToAllTheAgentsFilesAreTheAgentsOnTheHost() throws Exception {
        Path workspace = ownedWorkspace("rootopen", 0);
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (Sandbox sandbox = support.builder(workspace).open()) {
            assertTrue(sandbox.info().workspaceWritable());
            assertEquals(0, sandbox.exec("touch", "open.txt").exitCode());
            assertEquals(1000, Files.getAttribute(workspace.resolve("open.txt"), "unix:uid"));
        }
    }

    @Test
    void rootIsThereWhenAskedForOneCommand() throws Exception {
        Path workspace = ownedWorkspace("asroot", 1234);
        try (Sandbox sandbox = support.builder(workspace).open()) {
            assertEquals("0\n", sandbox.exec(ExecRequest.of("id", "-u").asRoot()).stdout());
            assertEquals("/root\n", sandbox.exec(ExecRequest.of("sh", "-c", "echo $HOME").asRoot()).stdout());
            assertEquals("1234\n", sandbox.exec("id", "-u").stdout());
            assertEquals("/tmp\n", sandbox.exec(ExecRequest.of("pwd").inDirectory("/tmp")).stdout());
        }
    }

    private Path ownedWorkspace(String name, int owner) throws Exception {
        Path workspace = support.newWorkspace(name);
        Files.setAttribute(workspace, "unix:uid", owner);
        Files.setAttribute(workspace, "unix:gid", owner);
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxr-xr-x"));
        return workspace;
    }
}
