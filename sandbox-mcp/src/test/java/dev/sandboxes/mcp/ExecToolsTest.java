package dev.sandboxes.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.testkit.RecordedExec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecToolsTest {

    @TempDir
    Path root;

    private Path workspace;
    private McpHarness mcp;
    private String sandbox;

    @BeforeEach
    void start() throws Exception {
        workspace = Files.createDirectories(root.resolve("project"));
        mcp = McpHarness.start(McpPolicy.builder(root).build());
        mcp.runtime.script()
                .when("npm", "test").thenReturn(3, "1 failing\n", "boom\n")
                .when("sh", "-c", "make | tee log").thenReturn(0, "built\n", "")
                .when("npm", "run", "dev").thenReturn(0, "listening on 3000\n", "");
        sandbox = mcp.open(workspace);
    }

    @AfterEach
    void stop() {
        mcp.close();
    }

    @Test
    void execReturnsExitCodeAndBothStreams() {
        Map<String, Object> result = mcp.ok("sandbox_exec", Map.of("sandbox", sandbox, "command", List.of("npm", "test")));

        assertEquals(3, result.get("exit_code"));
        assertEquals("1 failing\n", result.get("stdout"));
        assertEquals("boom\n", result.get("stderr"));
        assertEquals(false, result.get("truncated"));
        assertEquals(false, result.get("timed_out"));
        assertEquals(ExecTools.DEFAULT_OUTPUT_LIMIT, result.get("output_limit_bytes"));
    }

    @Test
    void execRunsAShellLineWithShC() {
        Map<String, Object> result = mcp.ok("sandbox_exec", Map.of("sandbox", sandbox, "shell", "make | tee log"));

        assertEquals(0, result.get("exit_code"));
        assertEquals("built\n", result.get("stdout"));
    }

    @Test
    void execRunsInTheWorkspaceAsTheAgentUserByDefault() {
        mcp.ok("sandbox_exec", Map.of("sandbox", sandbox, "command", List.of("npm", "test")));

        RecordedExec exec = last();
        assertEquals(workspace.toString(), exec.workingDirectory());
        assertEquals(Optional.empty(), exec.user(), "empty: the agent user");
    }

    @Test
    void execTakesARelativeWorkingDirectoryFromTheWorkspaceAndExtraEnvironment() {
        mcp.ok("sandbox_exec", Map.of("sandbox", sandbox, "command", List.of("npm", "test"), "cwd", "web",
                "env", Map.of("CI", "1")));

        RecordedExec exec = last();
        assertEquals(workspace.resolve("web").toString(), exec.workingDirectory());
        assertEquals("1", exec.env().get("CI"));
    }

    @Test
    void execKeepsOnlyTheOutputLimit() {
        Map<String, Object> result = mcp.ok("sandbox_exec", Map.of("sandbox", sandbox, "command", List.of("npm", "test"),
                "max_output_bytes", 4));

        assertEquals("1 fa", result.get("stdout"));
        assertEquals(true, result.get("truncated"));
        assertEquals(4, result.get("output_limit_bytes"));
    }

    @Test
    void execOfAnUnknownCommandReportsItsExitCodeNotAnError() {
        Map<String, Object> result = mcp.ok("sandbox_exec", Map.of("sandbox", sandbox, "command", List.of("nope")));

        assertEquals(127, result.get("exit_code"));
    }

    @Test
    void backgroundStartsACommandWhoseOutputCanBeRead() {
        Map<String, Object> started = mcp.ok("sandbox_exec_background",
                Map.of("sandbox", sandbox, "command", List.of("npm", "run", "dev")));
        String id = (String) started.get("id");
        assertEquals("npm run dev", started.get("command"));

        Map<String, Object> output = mcp.ok("sandbox_exec_output", Map.of("sandbox", sandbox, "id", id));

        assertEquals(id, output.get("id"));
        assertEquals(true, output.get("running"));
        assertEquals("listening on 3000\n", output.get("output"));
        assertEquals(18, output.get("next_offset"));
        assertEquals(false, output.get("more"));
    }

    @Test
    void outputReadsFromAnOffsetAndSaysWhenMoreIsThere() {
        String id = (String) mcp.ok("sandbox_exec_background",
                Map.of("sandbox", sandbox, "command", List.of("npm", "run", "dev"))).get("id");

        Map<String, Object> output = mcp.ok("sandbox_exec_output",
                Map.of("sandbox", sandbox, "id", id, "offset", 10, "max_bytes", 2));

        assertEquals("on", output.get("output"));
        assertEquals(12, output.get("next_offset"));
        assertEquals(true, output.get("more"));
    }

    @Test
    void killStopsABackgroundCommandWhoseOutputStaysReadable() {
        String id = (String) mcp.ok("sandbox_exec_background",
                Map.of("sandbox", sandbox, "command", List.of("npm", "run", "dev"))).get("id");

        assertEquals(id, mcp.ok("sandbox_exec_kill", Map.of("sandbox", sandbox, "id", id)).get("killed"));

        Map<String, Object> output = mcp.ok("sandbox_exec_output", Map.of("sandbox", sandbox, "id", id));
        assertEquals(false, output.get("running"));
        assertEquals("listening on 3000\n", output.get("output"));
    }

    @Test
    void killOfAnIdNoBackgroundCommandHasIsRefused() {
        String message = mcp.refused("sandbox_exec_kill", Map.of("sandbox", sandbox, "id", "x'; touch /tmp/pwned; echo '"));

        assertTrue(message.contains("no background command"), message);
        assertTrue(mcp.runtime.execs().stream().noneMatch(exec -> String.join(" ", exec.argv()).contains("pwned")));
    }

    @Test
    void outputOfAnUnknownCommandIdIsRefused() {
        String message = mcp.refused("sandbox_exec_output", Map.of("sandbox", sandbox, "id", "nope"));

        assertTrue(message.contains("no background command 'nope'"), message);
    }

    @Test
    void execNeedsExactlyOneOfCommandAndShell() {
        String neither = mcp.refused("sandbox_exec", Map.of("sandbox", sandbox));
        String both = mcp.refused("sandbox_exec", Map.of("sandbox", sandbox, "command", List.of("npm"), "shell", "npm"));

        assertTrue(neither.contains("exactly one of 'command'"), neither);
        assertTrue(both.contains("exactly one of 'command'"), both);
    }

    @Test
    void execAsRootIsRefusedWithoutAllowRoot() {
        String message = mcp.refused("sandbox_exec",
                Map.of("sandbox", sandbox, "command", List.of("npm", "test"), "user", "root"));

        assertTrue(message.contains("Root is not allowed"), message);
        assertTrue(mcp.runtime.execs().isEmpty(), "nothing ran");
    }

    @Test
    void backgroundAsRootIsRefusedWithoutAllowRoot() {
        String message = mcp.refused("sandbox_exec_background",
                Map.of("sandbox", sandbox, "command", List.of("npm", "run", "dev"), "user", "root"));

        assertTrue(message.contains("Root is not allowed"), message);
    }

    private RecordedExec last() {
        List<RecordedExec> execs = mcp.runtime.execs();
        return execs.get(execs.size() - 1);
    }
}
