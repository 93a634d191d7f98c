package dev.sandboxes.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandboxes.Sandboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI end to end: started as its own process, against the real engine, on the small test
 * template (scripts/build-test-template.sh), as a script would use it.
 */
class SandboxCliIT {

    private static final String TEMPLATE = "sandboxes/test-template:latest";

    @TempDir
    Path workspace;

    @AfterEach
    void removeWhatTheTestMade() {
        Sandboxes.find(workspace).ifPresent(s -> Sandboxes.remove(s.id()));
    }

    @Test
    void runDetachedThenLsShowsItInTheColumnsAndASecondRunReusesIt() throws Exception {
        String id = runDetached();
        CliProcess.Outcome again = CliProcess.run(workspace, "run", "-d", "-t", TEMPLATE, "shell");
        assertEquals(id, again.stdout().strip(), "the same folder's sandbox is reused");

        CliProcess.Outcome ls = CliProcess.run(workspace, "ls");
        assertEquals(0, ls.exitCode(), ls::toString);
        List<String> lines = ls.stdout().lines().toList();
        assertTrue(lines.get(0).matches("SANDBOX ID\\s+TEMPLATE\\s+NAME\\s+WORKSPACE\\s+STATUS\\s+CREATED"), lines.get(0));
        String row = lines.stream().filter(line -> line.startsWith(id.substring(0, 12))).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + id + " in\n" + ls.stdout()));
        List<String> cells = List.of(row.split("\\s{2,}"));
        assertEquals(List.of(id.substring(0, 12), TEMPLATE, sandboxName(id), workspace.toRealPath().toString(), "running"),
                cells.subList(0, 5));
        assertTrue(cells.get(5).endsWith("ago"), row);

        CliProcess.Outcome quiet = CliProcess.run(workspace, "ls", "-q", "--no-trunc");
        assertTrue(quiet.stdout().lines().anyMatch(id::equals), quiet::toString);
    }

    @Test
    void inspectPrintsAJsonArrayWithSecretValuesMasked() throws Exception {
        String id = runDetached("-e", "APP_ENV=dev", "-e", "API_TOKEN=t0p-s3cret");
        CliProcess.Outcome inspect = CliProcess.run(workspace, "inspect", id.substring(0, 12));
        assertEquals(0, inspect.exitCode(), inspect::toString);
        JsonNode array = new ObjectMapper().readTree(inspect.stdout());
        assertEquals(1, array.size());
        JsonNode sandbox = array.get(0);
        assertEquals(id, sandbox.get("id").asText());
        assertEquals(sandboxName(id), sandbox.get("name").asText());
        assertEquals(workspace.toRealPath().toString(), sandbox.get("workspace").asText());
        assertEquals("running", sandbox.get("status").asText());
        assertEquals(TEMPLATE, sandbox.get("template").asText());
        assertTrue(sandbox.get("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), sandbox.toString());
        assertEquals("true", sandbox.get("labels").get("dev.sandboxes").asText());
        assertEquals("dev", sandbox.get("env").get("APP_ENV").asText());
        assertEquals("****", sandbox.get("env").get("API_TOKEN").asText());
        assertTrue(!inspect.stdout().contains("t0p-s3cret"), inspect::stdout);
        assertEquals(inspect.stdout(), CliProcess.run(workspace, "inspect", id).stdout(), "the same JSON every time");
    }

    @Test
    void execGivesTheCommandsOutputAndExitCode() throws Exception {
        String id = runDetached();
        CliProcess.Outcome failing = CliProcess.run(workspace, "exec", sandboxName(id), "sh", "-c", "echo out; echo err >&2; exit 7");
        assertEquals(7, failing.exitCode(), failing::toString);
        assertEquals("out\n", failing.stdout());
        assertEquals("err\n", failing.stderr());

        CliProcess.Outcome asRoot = CliProcess.run(workspace, "exec", "-u", "root", "-w", "/tmp", "-e", "X=1", id,
                "sh", "-c", "echo $(id -un) $(pwd) $X");
        assertEquals("root /tmp 1\n", asRoot.stdout(), asRoot::toString);

        CliProcess.Outcome missing = CliProcess.run(workspace, "exec", id, "no-such-program");
        assertEquals(127, missing.exitCode(), missing::toString);

        CliProcess.Outcome piped = CliProcess.run(workspace, "line one\nline two\n", Map.of(), "exec", "-i", id, "wc", "-l");
        assertEquals("2", piped.stdout().strip(), () -> "standard input reached the command, to its end: " + piped);
    }

    @Test
    void rmRefusesARunningSandboxWithoutForce() throws Exception {
        String id = runDetached();
        CliProcess.Outcome refused = CliProcess.run(workspace, "rm", id);
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.stderr().contains("is running") && refused.stderr().contains("-f"), refused::toString);
        assertTrue(Sandboxes.find(workspace).isPresent(), "nothing was removed");

        CliProcess.Outcome stopped = CliProcess.run(workspace, "stop", id);
        assertEquals(0, stopped.exitCode(), stopped::toString);
        CliProcess.Outcome removed = CliProcess.run(workspace, "rm", id);
        assertEquals(0, removed.exitCode(), removed::toString);
        assertTrue(Sandboxes.find(workspace).isEmpty());
    }

    @Test
    void badInputIsAClearMessageAndANonZeroExit() throws Exception {
        assertBad(CliProcess.run(workspace, "run", "-d", "nosuchagent"), Errors.BAD_INPUT, "Unknown agent 'nosuchagent'");
        assertBad(CliProcess.run(workspace, "run", "-d", "-w", workspace.resolve("gone").toString(), "shell"),
                Errors.BAD_INPUT, "does not exist");
        assertBad(CliProcess.run(workspace, "run", "-d", "-e", "=x", "shell"), Errors.BAD_INPUT, "bad -e '=x'");
        assertBad(CliProcess.run(workspace, "run", "-d", "-v", "relative-only", "shell"), Errors.BAD_INPUT,
                "bad -v 'relative-only'");
        assertBad(CliProcess.run(workspace, "run", "-d", "-p", "99999", "shell"), Errors.BAD_INPUT, "bad -p '99999'");
        assertBad(CliProcess.run(workspace, "exec", "no-such-sandbox", "true"), SandboxCli.FAILED,
                "No sandbox has the id, id prefix or name 'no-such-sandbox'");
        assertTrue(Sandboxes.find(workspace).isEmpty(), "bad input creates nothing");
    }

    @Test
    void networkLogShowsTheProxysDecisions() throws Exception {
        String id = runDetached("--allow", "allowed.test", "--block", "blocked.test");
        CliProcess.run(workspace, "exec", id, "sh", "-c",
                "(printf 'GET http://blocked.test/ HTTP/1.0\\r\\n\\r\\n'; sleep 2) | nc -w 3 egress-proxy 3128");
        CliProcess.Outcome log = CliProcess.run(workspace, "network", "log", id);
        assertEquals(0, log.exitCode(), log::toString);
        assertTrue(log.stdout().lines().anyMatch(line -> line.contains("blocked ") && line.contains("blocked.test:80")),
                log::toString);
    }

    @Test
    void debugAddsTheStackTrace() throws Exception {
        CliProcess.Outcome plain = CliProcess.run(workspace, "exec", "no-such-sandbox", "true");
        CliProcess.Outcome debug = CliProcess.run(workspace, "--debug", "exec", "no-such-sandbox", "true");
        assertTrue(!plain.stderr().contains("\tat "), plain::toString);
        assertTrue(debug.stderr().contains("\tat dev.sandboxes."), debug::toString);
        assertEquals(plain.exitCode(), debug.exitCode());
    }

    @Test
    void dockerNotRunningSaysSoAndHowToFixIt() throws Exception {
        CliProcess.Outcome ls = CliProcess.run(workspace, "", Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock"), "ls");
        assertBad(ls, SandboxCli.FAILED, "does not answer");
        assertTrue(ls.stderr().contains("Start Docker"), ls::toString);
    }

    @Test
    void aSandboxOnABranchShowsItsDiffAndLogAndRmTakesItsWorktreeWhenAsked() throws Exception {
        Path repo = Files.createDirectories(workspace.resolve("app"));
        git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("notes.txt"), "first\n");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "first");
        CliProcess.Outcome create = CliProcess.run(repo, "create", "-t", "sandboxes/test-tools:latest", "--branch", "cli-work", "shell");
        assertEquals(0, create.exitCode(), create::toString);
        Path worktree = workspace.toRealPath().resolve("app.worktrees/cli-work");
        String id = Sandboxes.find(worktree).orElseThrow().id();
        try {
            // These tests run as root, whose files the agent may not write: hand it its worktree.
            CliProcess.run(repo, "exec", "-u", "root", id, "chown", "-R", "1000:1000", worktree.toString()).orThrow();
            CliProcess.run(repo, "exec", id, "sh", "-c", "echo second >> notes.txt && echo new > added.txt").orThrow();

            CliProcess.Outcome names = CliProcess.run(repo, "diff", "--name-status", id);
            assertEquals("A\tadded.txt\nM\tnotes.txt\n", names.stdout(), names::toString);
            CliProcess.Outcome diff = CliProcess.run(repo, "diff", id);
            assertTrue(diff.stdout().contains("+second") && diff.stdout().contains("+new"), diff::toString);

            CliProcess.Outcome log = CliProcess.run(repo, "log", id);
            assertEquals(0, log.exitCode(), log::toString);
            assertTrue(log.stdout().lines().anyMatch(line -> line.contains("exit 0") && line.endsWith("sh -c echo second >> notes.txt"
                    + " && echo new > added.txt")), log::stdout);

            CliProcess.Outcome refused = CliProcess.run(repo, "rm", "-f", "--worktree", id);
            assertNotEquals(0, refused.exitCode());
            assertTrue(refused.stderr().contains("not committed"), refused::toString);
            assertTrue(Files.exists(worktree.resolve("added.txt")));
            CliProcess.Outcome removed = CliProcess.run(repo, "rm", "-f", "--worktree", "--discard-changes", id);
            assertEquals(0, removed.exitCode(), removed::toString);
            assertTrue(!Files.exists(worktree), "the worktree is still there");
        } finally {
            Sandboxes.find(worktree).ifPresent(s -> Sandboxes.remove(s.id()));
        }
    }

    private static void git(Path where, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=t@example.com",
                "-C", where.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
    }

    private static void assertBad(CliProcess.Outcome outcome, int exitCode, String expected) {
        assertEquals(exitCode, outcome.exitCode(), outcome::toString);
        assertTrue(outcome.stderr().contains(expected), outcome::toString);
        assertTrue(outcome.stderr().lines().count() <= 3, () -> "more than a few lines:\n" + outcome.stderr());
        assertTrue(!outcome.stderr().contains("\tat "), () -> "a stack trace:\n" + outcome.stderr());
    }

    private String runDetached(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "-d", "-t", TEMPLATE));
        args.addAll(List.of(options));
        args.add("shell");
        CliProcess.Outcome run = CliProcess.run(workspace, args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run::toString);
        String id = run.stdout().strip();
        assertTrue(id.matches("[0-9a-f]{64}"), run::toString);
        return id;
    }

    private static String sandboxName(String id) {
        return Sandboxes.inspect(id).name();
    }
}
