package dev.sandboxes.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.Sandboxes;
import io.modelcontextprotocol.spec.McpError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad calls come back as error results naming what was wrong, and the server goes on answering. */
class BadInputTest {

    @TempDir
    Path dir;

    private Path root;
    private Path workspace;
    private Path outside;
    private McpHarness mcp;

    @BeforeEach
    void start() throws Exception {
        root = Files.createDirectories(dir.resolve("root"));
        workspace = Files.createDirectories(root.resolve("project"));
        outside = Files.createDirectories(dir.resolve("outside"));
        mcp = McpHarness.start(McpPolicy.builder(root).build());
    }

    @AfterEach
    void serverStillAnswers() {
        try {
            mcp.ok("sandbox_list", Map.of());
        } finally {
            mcp.close();
        }
    }

    @Test
    void anUnknownToolIsAProtocolErrorNamingIt() {
        McpError error = assertThrows(McpError.class, () -> mcp.call("sandbox_teleport", Map.of()));

        // The SDK's message is generic ("Unknown tool: invalid_tool_name"); the name is in its data.
        assertTrue(error.getMessage().startsWith("Unknown tool"), error.getMessage());
        assertTrue(String.valueOf(error.getJsonRpcError().data()).contains("sandbox_teleport"), error.getJsonRpcError().toString());
    }

    @Test
    void aMissingRequiredArgumentIsNamed() {
        assertEquals("sandbox_info needs the argument 'sandbox'.", mcp.refused("sandbox_info", Map.of()));
    }

    @Test
    void anUnknownArgumentIsNamedWithTheKnownOnes() {
        String message = mcp.refused("sandbox_stop", Map.of("sandbox", "x", "force", true));

        assertEquals("sandbox_stop has no argument force; its arguments are: sandbox.", message);
    }

    @Test
    void anArgumentToAToolThatTakesNoneIsRefused() {
        assertEquals("sandbox_list has no argument all; it takes none.", mcp.refused("sandbox_list", Map.of("all", true)));
    }

    @Test
    void aStringWhereAnIntegerGoesIsRefused() {
        String sandbox = mcp.open(workspace);

        String message = mcp.refused("sandbox_log", Map.of("sandbox", sandbox, "limit", "10"));

        assertEquals("The argument 'limit' must be an integer; it was a string.", message);
    }

    @Test
    void aNumberWhereAStringGoesIsRefused() {
        String message = mcp.refused("sandbox_open", Map.of("workspace", 42));

        assertEquals("The argument 'workspace' must be a string; it was the number 42.", message);
    }

    @Test
    void anObjectWhereAnArrayGoesIsRefused() {
        String sandbox = mcp.open(workspace);

        String message = mcp.refused("sandbox_exec", Map.of("sandbox", sandbox, "command", Map.of("program", "ls")));

        assertEquals("The argument 'command' must be an array of strings; it was an object.", message);
    }

    @Test
    void anIntegerOutOfItsRangeIsRefused() {
        String sandbox = mcp.open(workspace);

        String message = mcp.refused("sandbox_exec", Map.of("sandbox", sandbox, "command", List.of("ls"),
                "timeout_seconds", 0));

        assertTrue(message.contains("'timeout_seconds' must be between 1 and"), message);
    }

    @Test
    void aWorkspaceOutsideTheRootsIsRefused() {
        String message = mcp.refused("sandbox_open", Map.of("workspace", outside.toString()));

        assertTrue(message.contains("outside the folders this server may open"), message);
        assertTrue(mcp.manager.list().isEmpty());
    }

    @Test
    void aRelativeWorkspaceIsRefused() {
        String message = mcp.refused("sandbox_open", Map.of("workspace", "root/project"));

        assertTrue(message.contains("must be an absolute path"), message);
    }

    @Test
    void dotDotThatEscapesTheRootIsRefused() {
        String escaping = root + "/../outside";

        String message = mcp.refused("sandbox_open", Map.of("workspace", escaping));

        assertTrue(message.contains("outside the folders this server may open"), message);
        assertTrue(mcp.manager.list().isEmpty());
    }

    @Test
    void aSymbolicLinkOutOfTheRootIsRefused() throws Exception {
        Path link = Files.createSymbolicLink(root.resolve("link"), outside);

        String message = mcp.refused("sandbox_open", Map.of("workspace", link.toString()));

        assertTrue(message.contains("outside the folders this server may open"), message);
    }

    @Test
    void whatExistsOutsideTheRootsCannotBeProbed() {
        String missing = mcp.refused("sandbox_open", Map.of("workspace", dir.resolve("missing").toString()));
        String existing = mcp.refused("sandbox_open", Map.of("workspace", outside.toString()));

        assertTrue(missing.contains("outside the folders this server may open"), missing);
        assertTrue(existing.contains("outside the folders this server may open"), existing);
    }

    @Test
    void aWorkspaceThatIsNoFolderIsRefused() {
        String message = mcp.refused("sandbox_open", Map.of("workspace", root.resolve("missing").toString()));

        assertTrue(message.contains("is not a folder"), message);
    }

    @Test
    void aSandboxMadeOutsideTheRootsIsNotListed() {
        Sandbox foreign = Sandboxes.forWorkspace(outside).runtime(mcp.runtime).open();
        mcp.open(workspace);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listed = (List<Map<String, Object>>) mcp.ok("sandbox_list", Map.of()).get("sandboxes");

        assertEquals(1, listed.size());
        assertFalse(listed.toString().contains(foreign.id()));
    }

    @Test
    void aSandboxMadeOutsideTheRootsCannotRunCommands() {
        Sandbox foreign = Sandboxes.forWorkspace(outside).runtime(mcp.runtime).open();

        String message = mcp.refused("sandbox_exec", Map.of("sandbox", foreign.id(), "command", List.of("ls")));

        assertTrue(message.contains("There is no sandbox '" + foreign.id() + "' that this server may use"), message);
        assertTrue(mcp.runtime.execs().stream().noneMatch(exec -> exec.argv().equals(List.of("ls"))));
    }

    @Test
    void aSandboxMadeOutsideTheRootsCannotBeReadByName() {
        Sandbox foreign = Sandboxes.forWorkspace(outside).runtime(mcp.runtime).open();

        String message = mcp.refused("file_read", Map.of("sandbox", foreign.name(), "path", "/etc/passwd"));

        assertTrue(message.contains("that this server may use"), message);
    }

    @Test
    void aSandboxMadeOutsideTheRootsCannotBeRemoved() {
        Sandbox foreign = Sandboxes.forWorkspace(outside).runtime(mcp.runtime).open();

        String message = mcp.refused("sandbox_remove", Map.of("sandbox", foreign.id()));

        assertTrue(message.contains("that this server may use"), message);
        assertEquals(1, mcp.manager.list().size());
    }

    @Test
    void anUnknownSandboxIsRefused() {
        String message = mcp.refused("sandbox_info", Map.of("sandbox", "no-such-sandbox"));

        assertTrue(message.contains("There is no sandbox 'no-such-sandbox'"), message);
    }
}
