package dev.sandboxes.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandboxes;
import dev.sandboxes.core.SandboxSummary;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code sandbox mcp} on the real engine, through the MCP Java SDK's client, over stdio and over
 * Streamable HTTP: the tools an agent uses, progress, cancellation, and a branch's diff.
 */
class McpServerIT {

    private static final String TEMPLATE = "sandboxes/test-template:latest";

    @TempDir
    Path root;

    private Path workspace;
    private final List<McpCliClient> clients = new ArrayList<>();

    @BeforeEach
    void workspaceTheAgentOwns() throws Exception {
        workspace = Files.createDirectory(root.resolve("project"));
        Files.writeString(workspace.resolve("README.md"), "# project\nline two\n");
        ownByAgent(workspace);
        ownByAgent(workspace.resolve("README.md"));
    }

    @AfterEach
    void removeWhatTheTestMade() throws Exception {
        // The last first: a second client of an HTTP server closes before the server's own client ends it.
        for (int i = clients.size() - 1; i >= 0; i--) {
            clients.get(i).close();
        }
        for (SandboxSummary sandbox : Sandboxes.list()) {
            if (sandbox.workspace().startsWith(root.toRealPath())) {
                Sandboxes.remove(sandbox.id());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stdio", "http"})
    void anAgentOpensAWorkspaceRunsCommandsAndWorksOnFiles(String transport) throws Exception {
        McpCliClient mcp = connect(transport);
        Set<String> tools = mcp.sdk().listTools().tools().stream().map(McpSchema.Tool::name).collect(Collectors.toSet());
        assertTrue(tools.containsAll(Set.of("sandbox_open", "sandbox_exec", "file_read", "file_edit", "sandbox_diff")), tools::toString);

        String id = open(mcp, Map.of());
        Map<String, Object> exec = mcp.ok("sandbox_exec", Map.of("sandbox", id, "shell", "id -un; pwd"));
        assertEquals(0, exec.get("exit_code"));
        assertEquals("agent\n" + workspace.toRealPath() + "\n", exec.get("stdout"));

        Map<String, Object> endless = mcp.ok("sandbox_exec", Map.of("sandbox", id, "shell", "echo begun; sleep 600",
                "timeout_seconds", 1));
        assertEquals(true, endless.get("timed_out"), "a command that never ends is killed at its timeout");
        assertEquals("begun\n", endless.get("stdout"));

        mcp.ok("file_write", Map.of("sandbox", id, "path", "src/app.txt", "content", "alpha\nbeta\n"));
        assertEquals("alpha\nbeta\n", Files.readString(workspace.resolve("src/app.txt")), "written through to the workspace");
        mcp.ok("file_edit", Map.of("sandbox", id, "path", "src/app.txt", "old_string", "beta", "new_string", "gamma"));
        assertEquals("alpha\ngamma\n", mcp.ok("file_read", Map.of("sandbox", id, "path", "src/app.txt")).get("content"));
        assertTrue(mcp.error("file_edit", Map.of("sandbox", id, "path", "src/app.txt", "old_string", "nothing-like-it",
                "new_string", "x")).contains("does not appear"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) mcp.ok("file_list", Map.of("sandbox", id)).get("entries");
        assertEquals(Set.of("README.md", "src"), entries.stream().map(e -> e.get("name")).collect(Collectors.toSet()));
        mcp.ok("file_delete", Map.of("sandbox", id, "path", "src"));
        assertFalse(Files.exists(workspace.resolve("src")));

        mcp.call("file_write", Map.of("sandbox", id, "path", "../outside.txt", "content", "escaped?"));
        assertFalse(Files.exists(root.resolve("outside.txt")), "a path climbing out of the workspace stays in the sandbox");
        assertTrue(mcp.error("file_write", Map.of("sandbox", id, "path", "/etc/sudoers.d/agent", "content", "agent ALL=(ALL) NOPASSWD:ALL"))
                .contains("Permission denied"), "without root, files are written as the agent user");
        assertTrue(mcp.error("sandbox_exec", Map.of("sandbox", id, "command", List.of("id"), "user", "root"))
                .contains("Root is not allowed"));

        mcp.ok("sandbox_remove", Map.of("sandbox", id));
        assertTrue(Sandboxes.find(workspace).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"stdio", "http"})
    void aLongCommandStreamsProgressAndCancellingItKillsItsProcesses(String transport) throws Exception {
        McpCliClient mcp = connect(transport);
        String id = open(mcp, Map.of());
        String marker = "mcp-cancel-" + transport + "-" + Long.toHexString(System.nanoTime());
        McpCliClient.RunningCall running = mcp.start("sandbox_exec", Map.of("sandbox", id,
                "shell", "echo started-" + marker + "; sh -c 'sleep 600; echo " + marker + "'"), "exec-1");

        awaitTrue(() -> mcp.progress.stream().anyMatch(p -> p.message() != null && p.message().contains("started-" + marker)),
                "a progress notification carries the output so far");
        assertTrue(processes(mcp, id).contains(marker), "the command runs");

        mcp.cancel(running);
        awaitTrue(() -> !processes(mcp, id).contains(marker), "the cancelled command's processes are gone");
        McpSchema.CallToolResult result = running.result().get(1, TimeUnit.MINUTES);
        assertTrue(result.isError(), "a cancelled call ends in an error result");
        assertEquals(0, mcp.ok("sandbox_exec", Map.of("sandbox", id, "command", List.of("true"))).get("exit_code"),
                "the server goes on serving");
    }

    @Test
    void anHttpClientThatGoesAwayHasItsCommandKilledWhileTheServerServesOthers() throws Exception {
        McpCliClient first = connect("http");
        McpCliClient second = first.anotherClient();
        clients.add(second);
        String id = open(first, Map.of());
        String marker = "mcp-gone-" + Long.toHexString(System.nanoTime());
        first.start("sandbox_exec", Map.of("sandbox", id, "shell", "sh -c 'sleep 600; echo " + marker + "'"), "gone-1");
        awaitTrue(() -> processes(second, id).contains(marker), "the first client's command runs");

        first.sdk().closeGracefully();
        awaitTrue(() -> !processes(second, id).contains(marker), "the command of the client that went away is killed");
        assertEquals("still here\n", second.ok("sandbox_exec", Map.of("sandbox", id, "shell", "echo still here")).get("stdout"));
    }

    @Test
    void atEndOfInputTheStdioServerKillsItsCommandsAndExits() throws Exception {
        // A raw client: it writes its messages, then closes its end, as an editor that quits does.
        Process server = new ProcessBuilder(CliProcess.command("mcp", "--root", root.toString(), "--templates", TEMPLATE,
                "--on-exit", "keep")).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        var out = new java.io.PrintStream(server.getOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8);
        var in = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        out.println("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
        out.println("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        out.println(json.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/call", "params",
                Map.of("name", "sandbox_open", "arguments", Map.of("workspace", workspace.toString(), "template", TEMPLATE,
                        "network", "none")))));
        String id = null;
        while (id == null) {
            var message = json.readTree(in.readLine());
            if (message.path("id").asInt(-1) == 1) {
                id = message.path("result").path("structuredContent").path("id").asText();
            }
        }
        String marker = "mcp-eof-" + Long.toHexString(System.nanoTime());
        out.println(json.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 2, "method", "tools/call", "params",
                Map.of("name", "sandbox_exec", "arguments", Map.of("sandbox", id, "shell", "sh -c 'sleep 600; echo " + marker + "'")))));
        dev.sandboxes.Sandbox kept = Sandboxes.attach(id);
        java.util.function.BooleanSupplier running = () -> kept.exec("sh", "-c", "cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\\0' ' '")
                .stdout().contains(marker);
        awaitTrue(running, "the command runs");

        out.close();
        assertTrue(server.waitFor(1, TimeUnit.MINUTES), "the server exits at end of input");
        assertEquals(0, server.exitValue());
        assertFalse(running.getAsBoolean(), "its command was killed");
        assertEquals(dev.sandboxes.core.SandboxStatus.RUNNING, kept.info().status(), "the sandbox is kept (--on-exit keep)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stdio", "http"})
    void aBranchsChangesShowInItsDiff(String transport) throws Exception {
        // A repository of the user the server runs as (root here), as a user's own checkout is.
        Path repo = Files.createDirectory(root.resolve("repo"));
        Files.writeString(repo.resolve("README.md"), "# project\nline two\n");
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", "-A");
        git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "start");
        McpCliClient mcp = connect(transport);
        String id = open(mcp, repo, Map.of("branch", "fix-readme"));
        Map<String, Object> info = mcp.ok("sandbox_info", Map.of("sandbox", id));
        assertEquals("fix-readme", info.get("branch"));
        Path worktree = Path.of((String) info.get("workspace"));
        assertTrue(worktree.startsWith(root.toRealPath()), "beside the repository, under the allowed root");
        // The host's git made the worktree as root; the agent is uid 1000 (the CLI's test chowns it too).
        try (var files = Files.walk(worktree)) {
            for (Path path : (Iterable<Path>) files::iterator) {
                ownByAgent(path);
            }
        }
        mcp.ok("file_edit", Map.of("sandbox", id, "path", "README.md", "old_string", "line two", "new_string", "line 2"));
        Map<String, Object> diff = mcp.ok("sandbox_diff", Map.of("sandbox", id));
        assertTrue(((String) diff.get("diff")).contains("+line 2"), diff::toString);
        assertEquals(List.of(Map.of("path", "README.md", "change", "modified")), diff.get("files"));
        assertTrue(Files.readString(repo.resolve("README.md")).contains("line two"), "the checkout stays as it was");
    }

    private McpCliClient connect(String transport) throws Exception {
        String[] args = {"--root", root.toString(), "--templates", TEMPLATE, "--on-exit", "remove"};
        McpCliClient client = transport.equals("stdio") ? McpCliClient.stdio(args) : McpCliClient.http(args);
        clients.add(client);
        return client;
    }

    private String open(McpCliClient mcp, Map<String, Object> extra) {
        return open(mcp, workspace, extra);
    }

    private static String open(McpCliClient mcp, Path folder, Map<String, Object> extra) {
        Map<String, Object> arguments = new java.util.HashMap<>(extra);
        arguments.put("workspace", folder.toString());
        arguments.put("template", TEMPLATE);
        arguments.put("network", "none");
        return (String) mcp.ok("sandbox_open", arguments).get("id");
    }

    /** Every command line running in the sandbox. */
    private static String processes(McpCliClient mcp, String id) {
        return (String) mcp.ok("sandbox_exec", Map.of("sandbox", id, "shell",
                "for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline 2>/dev/null; echo; done")).get("stdout");
    }

    private static void git(Path repo, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, process.waitFor(), String.join(" ", command));
    }

    private static void ownByAgent(Path path) throws Exception {
        Files.setAttribute(path, "unix:uid", 1000);
        Files.setAttribute(path, "unix:gid", 1000);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within a minute: " + what);
            }
            Thread.sleep(100);
        }
    }
}
