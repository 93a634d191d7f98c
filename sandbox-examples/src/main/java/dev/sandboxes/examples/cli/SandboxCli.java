package dev.sandboxes.examples.cli;

import picocli.AutoComplete.GenerateCompletion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code sandbox} command: every command of Docker Sandboxes, on the library's public API only.
 *
 * <pre>{@code
 * sandbox run claude                  # the sandbox of this folder, Claude Code attached
 * sandbox run -d shell                # create or reuse it, print its id
 * sandbox exec -it my-sandbox bash
 * sandbox ls
 * }</pre>
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Runs AI coding agents (Claude Code, Gemini CLI, Codex) and any command in a sandbox: one"
                + " container per workspace folder, reused so that its state persists.",
        subcommands = {RunCommand.class, CreateCommand.class, ExecCommand.class, LsCommand.class, InspectCommand.class,
                StopCommand.class, RmCommand.class, PruneCommand.class, DiffCommand.class, LogCommand.class,
                SaveCommand.class, ResetCommand.class, VersionCommand.class, TemplatesCommand.class, NetworkCommand.class,
                McpCommand.class, GenerateCompletion.class})
public final class SandboxCli implements Runnable {

    /** Exit code of a failure of the library or the engine, as Docker's CLI uses for its own. */
    static final int FAILED = 125;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print the stack trace of an error.")
    boolean debug;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: say what to do, for example"
                + " `sandbox run shell`.");
    }

    public static void main(String[] args) {
        if (java.util.Arrays.stream(args).filter(arg -> !arg.startsWith("-")).findFirst().filter("mcp"::equals).isPresent()) {
            // `sandbox mcp` speaks the protocol on standard output: before anything else runs (picocli,
            // logging, the library), every other print goes to standard error.
            McpCommand.protocolOut = System.out;
            System.setOut(System.err);
        }
        System.exit(commandLine(args).execute(args));
    }

    /** The command line, set up as {@code main} runs it. */
    static CommandLine commandLine(String... args) {
        Errors errors = new Errors();
        CommandLine commandLine = new CommandLine(new SandboxCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
        // `sandbox exec SANDBOX ls -la`, `sandbox run claude -p "fix it"`: everything after the sandbox
        // or the agent is the command's or the agent's.
        commandLine.getSubcommands().get("exec").setStopAtPositional(true);
        commandLine.getSubcommands().get("run").setStopAtPositional(true);
        commandLine.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(true);
        return commandLine;
    }
}
