package dev.sandboxes.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandboxes;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sandbox's info and audit log as resources, under the same policy as the tools. */
class ResourcesTest {

    @TempDir
    Path root;

    @TempDir
    Path elsewhere;

    private McpHarness mcp;

    @BeforeEach
    void start() {
        mcp = McpHarness.start(McpPolicy.builder(root).build());
    }

    @AfterEach
    void stop() {
        mcp.close();
    }

    @Test
    void theInfoAndAuditLogTemplatesAreListed() {
        Set<String> templates = mcp.client.listResourceTemplates().resourceTemplates().stream()
                .map(McpSchema.ResourceTemplate::uriTemplate).collect(Collectors.toSet());

        assertEquals(Set.of("sandbox://{sandbox}/info", "sandbox://{sandbox}/audit-log"), templates);
    }

    @Test
    void aSandboxsInfoAndAuditLogReadAsJson() throws Exception {
        String id = mcp.open(Files.createDirectories(root.resolve("project")));
        mcp.runtime.script().when("echo", "logged").thenReturn(0, "logged\n", "");
        mcp.ok("sandbox_exec", Map.of("sandbox", id, "command", java.util.List.of("echo", "logged")));

        String info = text(mcp.client.readResource(new McpSchema.ReadResourceRequest("sandbox://" + id + "/info")));
        String log = text(mcp.client.readResource(new McpSchema.ReadResourceRequest("sandbox://" + id + "/audit-log")));

        assertTrue(info.contains("\"id\":\"" + id + "\""), info);
        assertTrue(log.contains("\"argv\":[\"echo\",\"logged\"]"), log);
    }

    @Test
    void aSandboxOutsideTheAllowedRootsIsNotThere() {
        String outside = Sandboxes.forWorkspace(elsewhere).runtime(mcp.manager.runtime()).sudo(false).open().id();

        McpError error = assertThrows(McpError.class,
                () -> mcp.client.readResource(new McpSchema.ReadResourceRequest("sandbox://" + outside + "/info")));

        assertTrue(error.getMessage().contains("There is no sandbox"), error.getMessage());
    }

    private static String text(McpSchema.ReadResourceResult result) {
        return ((McpSchema.TextResourceContents) result.contents().get(0)).text();
    }
}
