package dev.sandboxes.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.core.SandboxStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleToolsTest {

    @TempDir
    Path root;

    private Path workspace;
    private McpHarness mcp;

    @BeforeEach
    void start() throws Exception {
        workspace = Files.createDirectories(root.resolve("project"));
        mcp = McpHarness.start(McpPolicy.builder(root).build());
    }

    @AfterEach
    void stop() {
        mcp.close();
    }

    @Test
    void openMakesARunningSandboxForTheWorkspace() {
        Map<String, Object> opened = mcp.ok("sandbox_open", Map.of("workspace", workspace.toString()));

        assertEquals(workspace.toString(), opened.get("workspace"));
        assertEquals("shell", opened.get("agent"));
        assertEquals("running", opened.get("status"));
        assertEquals(true, opened.get("opened_by_this_server"));
        assertEquals(SandboxStatus.RUNNING, mcp.manager.resolve((String) opened.get("id")).status());
    }

    @Test
    void openingTheSameWorkspaceAgainResumesTheSameSandbox() {
        String first = mcp.open(workspace);
        mcp.ok("sandbox_stop", Map.of("sandbox", first));

        String second = mcp.open(workspace);

        assertEquals(first, second);
        assertEquals(SandboxStatus.RUNNING, mcp.manager.resolve(second).status());
    }

    @Test
    void listShowsTheSandboxesUnderTheRoots() {
        String id = mcp.open(workspace);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sandboxes = (List<Map<String, Object>>) mcp.ok("sandbox_list", Map.of()).get("sandboxes");

        assertEquals(1, sandboxes.size());
        assertEquals(id, sandboxes.get(0).get("id"));
        assertEquals(true, sandboxes.get(0).get("opened_by_this_server"));
    }

    @Test
    void infoDescribesTheSandboxAndItsAgentUser() {
        String id = mcp.open(workspace);

        Map<String, Object> info = mcp.ok("sandbox_info", Map.of("sandbox", id));

        assertEquals(id, info.get("id"));
        assertEquals("agent", info.get("agent_user"));
        assertEquals(false, info.get("sudo"));
        assertEquals(false, info.get("docker_socket"));
        assertNull(info.get("branch"));
        assertEquals(List.of(), info.get("ports"));
    }

    @Test
    void infoListsEnvironmentNamesButNotTheirValues() {
        String id = (String) mcp.ok("sandbox_open", Map.of("workspace", workspace.toString(),
                "env", Map.of("GREETING", "hello"))).get("id");

        Map<String, Object> info = mcp.ok("sandbox_info", Map.of("sandbox", id));

        assertTrue(((List<?>) info.get("env_names")).contains("GREETING"));
        assertTrue(!info.toString().contains("hello"));
    }

    @Test
    void stopStopsTheSandboxAndKeepsIt() {
        String id = mcp.open(workspace);

        Map<String, Object> stopped = mcp.ok("sandbox_stop", Map.of("sandbox", id));

        assertEquals("stopped", stopped.get("status"));
        assertEquals(SandboxStatus.STOPPED, mcp.manager.resolve(id).status());
    }

    @Test
    void removeRemovesTheSandboxAndKeepsTheWorkspace() {
        String id = mcp.open(workspace);

        Map<String, Object> removed = mcp.ok("sandbox_remove", Map.of("sandbox", id));

        assertEquals(id, removed.get("removed"));
        assertNull(removed.get("worktree"));
        assertEquals(List.of(), mcp.manager.list());
        assertTrue(Files.isDirectory(workspace));
    }

    @Test
    void aSandboxCanBeNamedByIdPrefix() {
        String id = mcp.open(workspace);

        assertEquals(id, mcp.ok("sandbox_info", Map.of("sandbox", id.substring(0, 12))).get("id"));
    }
}
