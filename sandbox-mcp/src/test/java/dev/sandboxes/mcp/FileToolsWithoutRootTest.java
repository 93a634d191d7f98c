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

/**
 * The file tools without root run small shell commands as the agent user, which the in-memory
 * runtime does not interpret: only what is refused before any command runs is tested here.
 */
class FileToolsWithoutRootTest {

    @TempDir
    Path root;

    private McpHarness mcp;
    private String sandbox;
    private int execsAfterOpen;

    @BeforeEach
    void start() throws Exception {
        mcp = McpHarness.start(McpPolicy.builder(root).build());
        sandbox = mcp.open(Files.createDirectories(root.resolve("project")));
        execsAfterOpen = mcp.runtime.execs().size();
    }

    @AfterEach
    void stop() {
        mcp.close();
    }

    @Test
    void deleteOfTheWorkspaceItselfIsRefused() {
        String message = mcp.refused("file_delete", Map.of("sandbox", sandbox, "path", "."));

        assertTrue(message.contains("itself is refused"), message);
        assertEquals(execsAfterOpen, mcp.runtime.execs().size(), "no command ran");
    }

    @Test
    void deleteOfTheRootIsRefused() {
        String message = mcp.refused("file_delete", Map.of("sandbox", sandbox, "path", "/"));

        assertTrue(message.contains("itself is refused"), message);
        assertEquals(execsAfterOpen, mcp.runtime.execs().size(), "no command ran");
    }

    @Test
    void pathsThatClimbAboveTheRootStayInTheSandbox() {
        String message = mcp.refused("file_delete", Map.of("sandbox", sandbox, "path", "/../../"));

        assertTrue(message.contains("Deleting / itself is refused"), message);
    }

    @Test
    void writeOfMoreThanMaxWriteIsRefusedBeforeAnyCommand() {
        String message = mcp.refused("file_write", Map.of("sandbox", sandbox, "path", "big.txt",
                "content", "a".repeat(FileTools.MAX_WRITE + 1)));

        assertTrue(message.contains("at most " + FileTools.MAX_WRITE), message);
        assertEquals(execsAfterOpen, mcp.runtime.execs().size(), "no command ran");
    }

    @Test
    void anEmptyPathIsRefused() {
        String message = mcp.refused("file_read", Map.of("sandbox", sandbox, "path", " "));

        assertTrue(message.contains("The path is empty"), message);
    }

    @Test
    void aFailedFileCommandBecomesAnErrorResultWithItsMessage() {
        mcp.runtime.script().whenMatches("sh -c .*").thenReturn(2, "", "/etc/shadow: Permission denied\n");

        String message = mcp.refused("file_read", Map.of("sandbox", sandbox, "path", "/etc/shadow"));

        assertEquals("/etc/shadow: Permission denied", message);
        assertEquals(List.of("sh", "-c"), mcp.runtime.execs().get(execsAfterOpen).argv().subList(0, 2));
    }
}
