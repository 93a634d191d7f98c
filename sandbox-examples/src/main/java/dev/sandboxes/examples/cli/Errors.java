package dev.sandboxes.examples.cli;

import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.errors.InvalidWorkspaceException;
import dev.sandboxes.errors.SandboxException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * Errors as one or two plain lines and a non-zero exit code, as Docker's CLI gives them: 2 for bad
 * input (options, an unknown agent, a refused workspace), 125 for a failure of the engine or the
 * library. The stack trace only with {@code --debug}.
 */
final class Errors implements IExecutionExceptionHandler, IParameterExceptionHandler {

    static final int BAD_INPUT = 2;
    private static final String DEBUG = "--debug";

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("sandbox: " + e.getMessage());
        err.println("See '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
        if (debugBeforeCommandArguments(List.of(args))) {
            e.printStackTrace(err);
        }
        err.flush();
        return BAD_INPUT;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parsed) {
        if (e instanceof ParameterException bad) {
            return handleParseException(bad, parsed.originalArgs().toArray(String[]::new));
        }
        if (e instanceof OptionValues.BadValueException badValue) {
            // An option's value that picocli could not judge, such as -v HOST:SANDBOX.
            return handleParseException(new ParameterException(commandLine, badValue.getMessage(), badValue),
                    parsed.originalArgs().toArray(String[]::new));
        }
        PrintWriter err = commandLine.getErr();
        int exitCode = SandboxCli.FAILED;
        if (e instanceof SandboxException known) {
            // The library's messages say what is wrong and how to fix it (Docker not running included).
            err.println("sandbox: " + known.getMessage());
            if (known instanceof InvalidSandboxConfigException || known instanceof InvalidWorkspaceException) {
                exitCode = BAD_INPUT;
            }
        } else {
            err.println("sandbox: unexpected error: " + e);
        }
        if (debugAsked(parsed)) {
            e.printStackTrace(err);
        } else if (!(e instanceof SandboxException)) {
            err.println("Run again with --debug for the stack trace.");
        }
        err.flush();
        return exitCode;
    }

    /** Whether --debug was given to the CLI or a command: not as an argument of the agent or of exec's command. */
    private static boolean debugAsked(ParseResult parsed) {
        for (ParseResult level = parsed; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption(DEBUG)) {
                return true;
            }
        }
        return false;
    }

    /** For input that did not parse: --debug among the arguments before any {@code --}. */
    private static boolean debugBeforeCommandArguments(List<String> args) {
        int end = args.contains("--") ? args.indexOf("--") : args.size();
        return args.subList(0, end).contains(DEBUG);
    }
}
