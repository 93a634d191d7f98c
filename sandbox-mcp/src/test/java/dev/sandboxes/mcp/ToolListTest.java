package dev.sandboxes.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolListTest {

    private static final Set<String> READ_ONLY = Set.of("sandbox_list", "sandbox_info", "sandbox_exec_output",
            "file_read", "file_list", "sandbox_diff", "sandbox_log");
    private static final Set<String> DESTRUCTIVE = Set.of("sandbox_stop", "sandbox_remove", "sandbox_exec",
            "sandbox_exec_background", "sandbox_exec_kill", "file_write", "file_edit", "file_delete");
    private static final Set<String> CHANGING = Set.of("sandbox_open", "sandbox_save");

    @TempDir
    Path root;

    private McpHarness mcp;
    private Map<String, McpSchema.Tool> tools;

    @BeforeEach
    void start() {
        mcp = McpHarness.start(McpPolicy.builder(root).build());
        tools = mcp.client.listTools().tools().stream()
                .collect(Collectors.toMap(McpSchema.Tool::name, Function.identity(), (a, b) -> a, TreeMap::new));
    }

    @AfterEach
    void stop() {
        mcp.close();
    }

    @Test
    void listsAllSeventeenTools() {
        Set<String> expected = new TreeSet<>(READ_ONLY);
        expected.addAll(DESTRUCTIVE);
        expected.addAll(CHANGING);
        assertEquals(17, expected.size());
        assertEquals(expected, tools.keySet());
    }

    @Test
    void everyToolHasObjectInputAndOutputSchemas() {
        tools.values().forEach(tool -> {
            assertNotNull(tool.inputSchema(), tool.name());
            assertEquals("object", tool.inputSchema().get("type"), tool.name());
            assertEquals(false, tool.inputSchema().get("additionalProperties"), tool.name());
            assertNotNull(tool.outputSchema(), tool.name());
            assertEquals("object", tool.outputSchema().get("type"), tool.name());
        });
    }

    @Test
    void everyOutputSchemaAdmitsTheErrorResult() {
        tools.values().forEach(tool -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> properties = (Map<String, Object>) tool.outputSchema().get("properties");
            assertNotNull(properties.get("error"), tool.name());
        });
    }

    @Test
    void readOnlyToolsAreMarkedReadOnlyAndNotDestructive() {
        READ_ONLY.forEach(name -> assertHints(name, true, false));
    }

    @Test
    void toolsThatMayDestroyStateAreMarkedDestructive() {
        DESTRUCTIVE.forEach(name -> assertHints(name, false, true));
    }

    @Test
    void openAndSaveChangeThingsWithoutDestroyingAny() {
        CHANGING.forEach(name -> assertHints(name, false, false));
    }

    @Test
    void onlyCommandsReachTheOpenWorld() {
        tools.values().forEach(tool -> assertEquals(tool.name().equals("sandbox_exec")
                || tool.name().equals("sandbox_exec_background"), tool.annotations().openWorldHint(), tool.name()));
    }

    private void assertHints(String name, boolean readOnly, boolean destructive) {
        McpSchema.ToolAnnotations hints = tools.get(name).annotations();
        assertNotNull(hints, name);
        assertEquals(readOnly, hints.readOnlyHint(), name + " readOnlyHint");
        assertEquals(destructive, hints.destructiveHint(), name + " destructiveHint");
    }
}
