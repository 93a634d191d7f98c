package dev.sandboxes.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(dev.sandboxes.NetworkPolicy.forAgent("claude"), run("run", "--network", "agent", "claude").open
                .networkPolicy("claude").orElseThrow());
        assertEquals(dev.sandboxes.NetworkPolicy.allow("a.test").block("b.test"),
                run("run", "--allow", "a.test", "--block", "b.test", "shell").open.networkPolicy("shell").orElseThrow());
        assertEquals(dev.sandboxes.NetworkPolicy.none(), run("run", "--network", "none", "shell").open.networkPolicy("shell").orElseThrow());
        assertTrue(run("run", "shell").open.networkPolicy("shell").isEmpty());
        OpenOptions contradictory = run("run", "--network", "none", "--allow", "a.test", "shell").open;
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(OptionValues.BadValueException.class,
                () -> contradictory.networkPolicy("shell")).getMessage().contains("go with an allow list"));
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
