package dev.sandboxes.mcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file tools with root allowed, where they use the API's file operations (which the in-memory
 * runtime implements: the workspace's files are the host's, the others in memory).
 */
class FileToolsTest {

    @TempDir
    Path root;

    private Path workspace;
    private McpHarness mcp;
    private String sandbox;

    @BeforeEach
    void start() throws Exception {
        workspace = Files.createDirectories(root.resolve("project"));
        mcp = McpHarness.start(McpPolicy.builder(root).allowRoot(true).build());
        // file_write makes the parent folders with mkdir -p as root before writing.
        mcp.runtime.script().whenMatches("mkdir -p -- .*").thenReturn(0, "", "");
        sandbox = mcp.open(workspace);
    }

    @AfterEach
    void stop() {
        mcp.close();
    }

    @Test
    void writeCreatesAFileInTheWorkspace() throws Exception {
        Map<String, Object> written = write("notes.txt", "hello\n");

        assertEquals(workspace.resolve("notes.txt").toString(), written.get("path"));
        assertEquals(6, written.get("bytes_written"));
        assertEquals("hello\n", Files.readString(workspace.resolve("notes.txt")));
    }

    @Test
    void writeTakesBase64ForBinaryContent() throws Exception {
        byte[] binary = {0, 1, 2, (byte) 0xFF};
        mcp.ok("file_write", Map.of("sandbox", sandbox, "path", "blob.bin",
                "content", Base64.getEncoder().encodeToString(binary), "encoding", "base64"));

        assertArrayEquals(binary, Files.readAllBytes(workspace.resolve("blob.bin")));
    }

    @Test
    void readReturnsTextAsUtf8() {
        write("notes.txt", "héllo\n");

        Map<String, Object> read = mcp.ok("file_read", Map.of("sandbox", sandbox, "path", "notes.txt"));

        assertEquals("utf-8", read.get("encoding"));
        assertEquals("héllo\n", read.get("content"));
        assertEquals(7, read.get("bytes_read"));
        assertEquals(7, read.get("next_offset"));
        assertEquals(true, read.get("eof"));
    }

    @Test
    void readReturnsBinaryAsBase64() throws Exception {
        Files.write(workspace.resolve("blob.bin"), new byte[] {0, (byte) 0xFF});

        Map<String, Object> read = mcp.ok("file_read", Map.of("sandbox", sandbox, "path", "blob.bin"));

        assertEquals("base64", read.get("encoding"));
        assertEquals(Base64.getEncoder().encodeToString(new byte[] {0, (byte) 0xFF}), read.get("content"));
    }

    @Test
    void readReadsAPieceAndSaysWhereToGoOn() {
        write("notes.txt", "0123456789");

        Map<String, Object> read = mcp.ok("file_read", Map.of("sandbox", sandbox, "path", "notes.txt", "offset", 2, "limit", 3));

        assertEquals("234", read.get("content"));
        assertEquals(5, read.get("next_offset"));
        assertEquals(false, read.get("eof"));
    }

    @Test
    void readDoesNotCutACharacterInTwo() {
        write("notes.txt", "aé and more");

        Map<String, Object> read = mcp.ok("file_read", Map.of("sandbox", sandbox, "path", "notes.txt", "limit", 2));

        assertEquals("a", read.get("content"));
        assertEquals(1, read.get("next_offset"));
        assertEquals(false, read.get("eof"));
    }

    @Test
    void readAndWriteWorkOutsideTheWorkspaceToo() {
        mcp.ok("file_write", Map.of("sandbox", sandbox, "path", "/tmp/scratch.txt", "content", "kept in the sandbox"));

        assertEquals("kept in the sandbox",
                mcp.ok("file_read", Map.of("sandbox", sandbox, "path", "/tmp/scratch.txt")).get("content"));
    }

    @Test
    void readOfAMissingFileIsAnError() {
        String message = mcp.refused("file_read", Map.of("sandbox", sandbox, "path", "missing.txt"));

        assertTrue(message.contains("missing.txt"), message);
    }

    @Test
    void editReplacesTheOneOccurrence() throws Exception {
        write("app.js", "const port = 3000;\n");

        Map<String, Object> edited = mcp.ok("file_edit", Map.of("sandbox", sandbox, "path", "app.js",
                "old_string", "3000", "new_string", "8080"));

        assertEquals(1, edited.get("replacements"));
        assertEquals("const port = 8080;\n", Files.readString(workspace.resolve("app.js")));
    }

    @Test
    void editOfAbsentTextIsRefusedAndLeavesTheFileUnchanged() throws Exception {
        write("app.js", "const port = 3000;\n");

        String message = mcp.refused("file_edit", Map.of("sandbox", sandbox, "path", "app.js",
                "old_string", "4000", "new_string", "8080"));

        assertTrue(message.contains("'old_string' does not appear"), message);
        assertEquals("const port = 3000;\n", Files.readString(workspace.resolve("app.js")));
    }

    @Test
    void editOfTextAppearingTwiceIsRefusedAndLeavesTheFileUnchanged() throws Exception {
        write("app.js", "a = 1;\nb = 1;\n");

        String message = mcp.refused("file_edit", Map.of("sandbox", sandbox, "path", "app.js",
                "old_string", "1;", "new_string", "2;"));

        assertTrue(message.contains("appears 2 times"), message);
        assertEquals("a = 1;\nb = 1;\n", Files.readString(workspace.resolve("app.js")));
    }

    @Test
    void listDescribesTheWorkspaceByDefault() throws Exception {
        write("notes.txt", "hello");
        Files.createDirectories(workspace.resolve("src"));

        Map<String, Object> listed = mcp.ok("file_list", Map.of("sandbox", sandbox));

        assertEquals(workspace.toString(), listed.get("path"));
        assertEquals(false, listed.get("truncated"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) listed.get("entries");
        assertEquals(List.of("notes.txt", "src"), entries.stream().map(entry -> entry.get("name")).toList());
        assertEquals(List.of("file", "folder"), entries.stream().map(entry -> entry.get("type")).toList());
        assertEquals(5, entries.get(0).get("size"));
        assertEquals("644", entries.get(0).get("mode"));
    }

    @Test
    void deleteRemovesAFile() {
        write("notes.txt", "hello");

        assertEquals(workspace.resolve("notes.txt").toString(),
                mcp.ok("file_delete", Map.of("sandbox", sandbox, "path", "notes.txt")).get("deleted"));

        assertFalse(Files.exists(workspace.resolve("notes.txt")));
    }

    @Test
    void deleteOfTheWorkspaceItselfIsRefused() {
        String message = mcp.refused("file_delete", Map.of("sandbox", sandbox, "path", "."));

        assertTrue(message.contains("workspace's own folder"), message);
        assertTrue(Files.isDirectory(workspace));
    }

    @Test
    void writeOfMoreThanMaxWriteIsRefused() {
        String message = mcp.refused("file_write", Map.of("sandbox", sandbox, "path", "big.txt",
                "content", "a".repeat(FileTools.MAX_WRITE + 1)));

        assertTrue(message.contains("at most " + FileTools.MAX_WRITE), message);
        assertFalse(Files.exists(workspace.resolve("big.txt")));
    }

    @Test
    void writeOfInvalidBase64IsRefused() {
        String message = mcp.refused("file_write", Map.of("sandbox", sandbox, "path", "blob.bin",
                "content", "not base64!", "encoding", "base64"));

        assertTrue(message.contains("not valid base64"), message);
    }

    private Map<String, Object> write(String path, String content) {
        return mcp.ok("file_write", Map.of("sandbox", sandbox, "path", path, "content", content));
    }
}
