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
        for (String command : List.of("run", "create", "exec", "ls", "inspect", "stop", "rm", "version", "templates")) {
            StringWriter out = new StringWriter();
            CommandLine cli = SandboxCli.commandLine(command, "--help").setOut(new PrintWriter(out));
            assertEquals(0, cli.execute(command, "--help"), command);
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
    void execTakesEverythingAfterTheSandboxAsTheCommand() {
        CommandLine cli = SandboxCli.commandLine();
        CommandLine.ParseResult parsed = cli.parseArgs("exec", "-u", "root", "box", "ls", "-la", "--color");
        ExecCommand exec = (ExecCommand) parsed.subcommand().commandSpec().userObject();
        assertEquals("box", exec.sandboxName);
        assertEquals(List.of("ls", "-la", "--color"), exec.command);
        assertEquals("root", exec.user);
    }
}
