package dev.sandboxes.examples.cli;

import dev.sandboxes.SandboxException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Errors as one or two plain lines and a non-zero exit code: 2 for bad input, 125 for a failure of
 * the library or the engine. The stack trace only with {@code --debug}.
 */
final class Errors implements IExecutionExceptionHandler, IParameterExceptionHandler {

    static final int BAD_INPUT = 2;

    private final boolean debug;

    Errors(boolean debug) {
        this.debug = debug;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("sandbox: " + e.getMessage());
        err.println("See '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
        if (debug) {
            e.printStackTrace(err);
        }
        return BAD_INPUT;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof ParameterException bad) {
            return handleParseException(bad, parsed.originalArgs().toArray(String[]::new));
        }
        if (e instanceof IllegalArgumentException badValue) {
            // An option's value that picocli could not judge, such as -v HOST:SANDBOX.
            return handleParseException(new ParameterException(commandLine, badValue.getMessage(), badValue),
                    parsed.originalArgs().toArray(String[]::new));
        }
        if (e instanceof SandboxException known) {
            // The library's messages say what is wrong and how to fix it (Docker not running included).
            err.println("sandbox: " + known.getMessage());
        } else {
            err.println("sandbox: unexpected error: " + e);
        }
        if (debug) {
            e.printStackTrace(err);
        } else if (!(e instanceof SandboxException)) {
            err.println("Run again with --debug for the stack trace.");
        }
        err.flush();
        return SandboxCli.FAILED;
    }
}
