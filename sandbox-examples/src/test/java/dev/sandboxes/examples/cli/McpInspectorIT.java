package dev.sandboxes.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandboxes.Sandboxes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sandbox mcp} driven by a client this project did not write: the MCP Inspector's command-line
 * mode ({@code @modelcontextprotocol/inspector}, installed by scripts/install-mcp-inspector.sh), against
 * the real engine, on the small test template. The Inspector starts the server for each call and
 * stops it after, so the server keeps what it opened ({@code --on-exit KEEP}) for the next call.
 */
class McpInspectorIT {

    private static final String TEMPLATE = "sandboxes/test-template:latest";
    private static final String INSTALL_SCRIPT = "scripts/install-mcp-inspector.sh";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The Inspector's folder: sandbox-examples/pom.xml gives the one the install script fills. */
    private static Path inspector;

    @TempDir
    Path root;

    private Path workspace;

    @BeforeAll
    static void findTheInspector() {
        String folder = System.getProperty("sandboxes.mcpInspector");
        if (folder == null || folder.isBlank()) {
            fail("No sandboxes.mcpInspector system property: run this test through Maven (sandbox-examples/pom.xml"
                    + " sets it to the folder " + INSTALL_SCRIPT + " installs into).");
        }
        inspector = Path.of(folder, "node_modules", ".bin", "mcp-inspector");
        if (!Files.isExecutable(inspector)) {
            fail("The MCP Inspector is not installed: no " + inspector + ". Run " + INSTALL_SCRIPT
                    + " (.ci/run does), with the same SANDBOXES_TOOLS if you set one.");
        }
    }

    @BeforeEach
    void makeTheWorkspace() throws IOException {
        workspace = Files.createDirectories(root.toRealPath().resolve("project"));
        // The tests run as root; the sandbox's agent user (uid 1000) must be able to write here too.
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    @AfterEach
    void removeWhatTheTestMade() {
        Sandboxes.find(workspace).ifPresent(s -> Sandboxes.remove(s.id()));
    }

    @Test
    void toolsListNamesTheSandboxAndFileTools() throws Exception {
        JsonNode listed = inspect("--method", "tools/list");
        List<String> names = StreamSupport.stream(listed.path("tools").spliterator(), false)
                .map(tool -> tool.path("name").asText()).toList();
        assertTrue(names.containsAll(List.of("sandbox_open", "sandbox_exec", "file_read", "sandbox_remove")),
                () -> "tools/list gave " + names);
        JsonNode exec = StreamSupport.stream(listed.path("tools").spliterator(), false)
                .filter(tool -> tool.path("name").asText().equals("sandbox_exec")).findFirst().orElseThrow();
        assertEquals("object", exec.path("inputSchema").path("type").asText(), exec::toString);
        assertEquals("array", exec.path("inputSchema").path("properties").path("command").path("type").asText(),
                exec::toString);
    }

    @Test
    void openExecAndReadAFileThenRemoveTheSandboxEachCallAnInspectorProcess() throws Exception {
        Files.writeString(workspace.resolve("note.txt"), "written on the host\n");

        JsonNode opened = callTool("sandbox_open", "workspace=" + workspace, "template=" + TEMPLATE);
        String id = opened.path("id").asText();
        assertEquals(workspace.toString(), opened.path("workspace").asText(), opened::toString);
        assertEquals("running", opened.path("status").asText(), opened::toString);
        assertEquals(id, Sandboxes.find(workspace).orElseThrow(() -> new AssertionError("no sandbox on the engine"))
                .id());

        JsonNode shell = callTool("sandbox_exec", "sandbox=" + id, "shell=echo hello-from-inspector");
        assertEquals(0, shell.path("exit_code").asInt(-1), shell::toString);
        assertTrue(shell.path("stdout").asText().contains("hello-from-inspector"), shell::toString);

        // An array argument: the Inspector parses a value as JSON where the tool's schema says array.
        JsonNode command = callTool("sandbox_exec", "sandbox=" + opened.path("name").asText(),
                "command=[\"sh\",\"-c\",\"id -un; echo made inside > made-inside.txt\"]");
        assertEquals(0, command.path("exit_code").asInt(-1), command::toString);
        assertEquals("agent\n", command.path("stdout").asText(), command::toString);
        assertEquals("made inside\n", Files.readString(workspace.resolve("made-inside.txt")),
                "the agent wrote into the mounted workspace");

        JsonNode read = callTool("file_read", "sandbox=" + id, "path=note.txt");
        assertEquals("written on the host\n", read.path("content").asText(), read::toString);
        assertEquals(workspace.resolve("note.txt").toString(), read.path("path").asText(), read::toString);

        JsonNode removed = callTool("sandbox_remove", "sandbox=" + id);
        assertEquals(id, removed.path("removed").asText(), removed::toString);
        assertTrue(Sandboxes.find(workspace).isEmpty(), "the sandbox is still on the engine");
    }

    /** tools/call through the Inspector: the tool's structured result, which must not be an error. */
    private JsonNode callTool(String tool, String... toolArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("--method", "tools/call", "--tool-name", tool));
        for (String toolArg : toolArgs) {
            args.add("--tool-arg");
            args.add(toolArg);
        }
        JsonNode result = inspect(args.toArray(String[]::new));
        // The Inspector exits 0 for a tool's error result too: isError is the only sign of one.
        assertFalse(result.path("isError").asBoolean(true), () -> tool + " failed: " + result);
        assertTrue(result.path("structuredContent").isObject(), () -> tool + " gave no structured content: " + result);
        return result.path("structuredContent");
    }

    /**
     * Runs the Inspector's CLI mode, which starts {@code sandbox mcp} as its stdio server, sends one
     * request and prints the result as JSON. The server goes first in the arguments: the Inspector's
     * options come after it (--tool-arg takes every word after it up to the next option).
     */
    private JsonNode inspect(String... inspectorArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of(inspector.toString(), "--cli"));
        command.addAll(CliProcess.command("mcp", "--root", root.toRealPath().toString(), "--templates", TEMPLATE,
                "--on-exit", "KEEP"));
        command.addAll(List.of(inspectorArgs));
        Path out = Files.createTempFile("mcp-inspector-out", ".json");
        Path err = Files.createTempFile("mcp-inspector-err", ".txt");
        try {
            Process process = new ProcessBuilder(command).directory(root.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail("The Inspector did not end within three minutes: " + String.join(" ", command) + "\n--- stderr\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            String outcome = String.join(" ", command) + "\nexit " + process.exitValue() + "\n--- stdout\n" + stdout
                    + "--- stderr\n" + stderr;
            assertEquals(0, process.exitValue(), outcome);
            try {
                return JSON.readTree(stdout);
            } catch (IOException e) {
                throw new AssertionError("The Inspector printed no JSON: " + outcome, e);
            }
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
