package dev.sandboxes.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeToolsTest {

    @TempDir
    Path root;

    private McpHarness mcp;
    private String sandbox;

    @BeforeEach
    void start() throws Exception {
        mcp = McpHarness.start(McpPolicy.builder(root).build());
        mcp.runtime.script().when("make").thenReturn(2, "", "no rule\n");
        sandbox = mcp.open(Files.createDirectories(root.resolve("project")));
    }

    @AfterEach
    void stop() {
        mcp.close();
    }

    @Test
    void logListsTheCommandsRunWithTheirExitCodes() {
        mcp.ok("sandbox_exec", Map.of("sandbox", sandbox, "command", List.of("make")));

        List<Map<String, Object>> entries = entries(mcp.ok("sandbox_log", Map.of("sandbox", sandbox)));

        Map<String, Object> last = entries.get(entries.size() - 1);
        assertEquals(List.of("make"), last.get("argv"));
        assertEquals(2, last.get("exit_code"));
        assertEquals("command", last.get("kind"));
    }

    @Test
    void logKeepsOnlyTheLastEntriesAskedFor() {
        mcp.ok("sandbox_exec", Map.of("sandbox", sandbox, "command", List.of("make")));
        mcp.ok("sandbox_exec", Map.of("sandbox", sandbox, "command", List.of("make")));

        assertEquals(1, entries(mcp.ok("sandbox_log", Map.of("sandbox", sandbox, "limit", 1))).size());
    }

    @Test
    void saveMakesACheckpointImage() {
        Map<String, Object> saved = mcp.ok("sandbox_save", Map.of("sandbox", sandbox, "name", "after-setup"));

        assertEquals(SandboxAccess.CHECKPOINTS + ":after-setup", saved.get("image"));
        assertTrue(((String) saved.get("image_id")).startsWith("sha256:"), saved.toString());
    }

    @Test
    void aCheckpointCanBeOpenedAsATemplate() throws Exception {
        String image = (String) mcp.ok("sandbox_save", Map.of("sandbox", sandbox, "name", "after-setup")).get("image");

        Map<String, Object> opened = mcp.ok("sandbox_open", Map.of(
                "workspace", Files.createDirectories(root.resolve("other")).toString(), "template", image));

        assertEquals(image, opened.get("template"));
    }

    @Test
    void saveRefusesANameThatClimbsOut() {
        String message = mcp.refused("sandbox_save", Map.of("sandbox", sandbox, "name", "../x"));

        assertTrue(message.contains("checkpoint name '../x' is not allowed"), message);
    }

    @Test
    void saveRefusesANameThatWouldOverwriteAnotherImage() {
        String message = mcp.refused("sandbox_save", Map.of("sandbox", sandbox, "name", "debian:trixie"));

        assertTrue(message.contains("checkpoint name 'debian:trixie' is not allowed"), message);
    }

    @Test
    void diffOfASandboxWithoutABranchSaysSo() {
        String message = mcp.refused("sandbox_diff", Map.of("sandbox", sandbox));

        assertTrue(message.contains("not on a branch's worktree"), message);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(Map<String, Object> log) {
        return (List<Map<String, Object>>) log.get("entries");
    }
}
