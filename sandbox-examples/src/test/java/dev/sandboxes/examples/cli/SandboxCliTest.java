package dev.sandboxes.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.network.NetworkPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's shape, without an engine: every command has --help, and usage errors exit 2. */
class SandboxCliTest {

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("run", "create", "exec", "ls", "inspect", "stop", "rm", "prune", "diff", "log", "save", "reset", "version", "templates",
                "templates ls", "templates build", "templates rm")) {
            StringWriter out = new StringWriter();
            List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
            args.add("--help");
            CommandLine cli = SandboxCli.commandLine().setOut(new PrintWriter(out));
            assertEquals(0, cli.execute(args.toArray(String[]::new)), command);
            assertTrue(out.toString().startsWith("Usage: sandbox " + command), out::toString);
        }
    }

    @Test
    void aMissingArgumentIsAUsageErrorInTwoLines() {
        StringWriter err = new StringWriter();
        CommandLine cli = SandboxCli.commandLine("run").setErr(new PrintWriter(err));
        assertEquals(Errors.BAD_INPUT, cli.execute("run"));
        assertEquals(List.of("sandbox: Missing required parameter: 'AGENT'", "See 'sandbox run --help'."),
                err.toString().lines().toList());
    }

    @Test
    void aPruneThatNamesNothingIsAUsageErrorAndRemovesNothing() {
        StringWriter err = new StringWriter();
        CommandLine cli = SandboxCli.commandLine("prune").setErr(new PrintWriter(err));
        assertEquals(Errors.BAD_INPUT, cli.execute("prune", "--dry-run"));
        assertTrue(err.toString().startsWith("sandbox: say what to prune"), err::toString);
        assertEquals(Errors.BAD_INPUT, cli.execute("prune", "--stopped-for", "7w"));
    }

    @Test
    void runGivesEverythingAfterTheAgentToTheAgent() {
        CommandLine.ParseResult parsed = SandboxCli.commandLine().parseArgs("run", "-q", "claude", "-p", "fix it", "-d");
        RunCommand run = (RunCommand) parsed.subcommand().commandSpec().userObject();
        assertEquals("claude", run.agent);
        assertEquals(List.of("-p", "fix it", "-d"), run.agentArgs);
        assertTrue(run.open.quiet);
        assertTrue(!run.detached, "-d after the agent is the agent's");
        RunCommand separated = (RunCommand) SandboxCli.commandLine().parseArgs("run", "shell", "--", "-x")
                .subcommand().commandSpec().userObject();
        assertEquals(List.of("-x"), OptionValues.passedOn(separated.agentArgs));
    }

    @Test
    void networkOptionsMakeThePolicy() {
        assertEquals(NetworkPolicy.forAgent("claude"), policy("--network", "agent", "claude"));
        assertEquals(NetworkPolicy.forAgent("claude").andAllow("a.test"), policy("--network", "agent", "--allow", "a.test", "claude"));
        assertEquals(NetworkPolicy.allow("a.test").block("b.test"), policy("--allow", "a.test", "--block", "b.test", "shell"));
        assertEquals(NetworkPolicy.none(), policy("--network", "none", "shell"));
        assertEquals(NetworkPolicy.open(), policy("--network", "open", "shell"));
        assertEquals(NetworkPolicy.direct(), policy("--network", "direct", "shell"));
        assertTrue(run("run", "shell").open.networkPolicy("shell").isEmpty(), "no option: the builder's default");
    }

    @Test
    void allowAndBlockWithAnOpenNetworkAreItsExceptionsAndBlocks() {
        assertEquals(NetworkPolicy.open().andAllow("10.1.2.3", "db.internal.test").block("uploads.test"),
                policy("--network", "open", "--allow", "10.1.2.3", "--allow", "db.internal.test", "--block", "uploads.test", "shell"));
        assertEquals(NetworkPolicy.open().block("uploads.test"), policy("--block", "uploads.test", "shell"),
                "a block alone keeps the default, open, rather than an allow list that reaches nothing");
    }

    @Test
    void rulesWithAPolicyWithoutAProxyOrAnUnknownPolicyAreRefused() {
        for (String mode : List.of("none", "direct")) {
            OpenOptions contradictory = run("run", "--network", mode, "--allow", "a.test", "shell").open;
            String message = assertThrows(OptionValues.BadValueException.class, () -> contradictory.networkPolicy("shell"))
                    .getMessage();
            assertTrue(message.contains("go with --network open or agent") && message.contains("--network " + mode), message);
            OpenOptions blocked = run("run", "--network", mode, "--block", "b.test", "shell").open;
            assertThrows(OptionValues.BadValueException.class, () -> blocked.networkPolicy("shell"), mode);
        }
        OpenOptions unknown = run("run", "--network", "host", "shell").open;
        assertEquals("bad --network 'host': give open, none, agent or direct.",
                assertThrows(OptionValues.BadValueException.class, () -> unknown.networkPolicy("shell")).getMessage());
    }

    @Test
    void networkOptionsAreDescribedInTheHelp() {
        StringWriter out = new StringWriter();
        SandboxCli.commandLine().setOut(new PrintWriter(out)).execute("run", "--help");
        String help = out.toString().replaceAll("\\s+", " ");
        assertTrue(help.contains("direct (whatever the host reaches, the host included)"), help);
        assertTrue(help.contains("With open: an exception"), help);
    }

    private static NetworkPolicy policy(String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("run"));
        args.addAll(List.of(options));
        RunCommand run = run(args.toArray(String[]::new));
        return run.open.networkPolicy(run.agent).orElseThrow();
    }

    private static RunCommand run(String... args) {
        return (RunCommand) SandboxCli.commandLine().parseArgs(args).subcommand().commandSpec().userObject();
    }

    @Test
    void execTakesEverythingAfterTheSandboxAsTheCommand() {
        CommandLine cli = SandboxCli.commandLine();
        CommandLine.ParseResult parsed = cli.parseArgs("exec", "-u", "root", "box", "ls", "-la", "--color");
        ExecCommand exec = (ExecCommand) parsed.subcommand().commandSpec().userObject();
        assertEquals("box", exec.sandboxName);
        assertEquals(List.of("ls", "-la", "--color"), exec.command);
        assertEquals("root", exec.user);
    }
}
