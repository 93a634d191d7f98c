package dev.sandboxes.examples;

import dev.sandboxes.ExecResult;
import dev.sandboxes.Sandbox;
import dev.sandboxes.SandboxException;
import dev.sandboxes.Sandboxes;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Opens (or reuses) the sandbox of the current folder, runs one command in it and prints its output.
 * The exit code of the command becomes the program's.
 *
 * <pre>{@code
 * java -jar sandbox-quickstart.jar [--template IMAGE] [COMMAND ARGS...]
 * }</pre>
 */
public final class QuickStart {

    /** The template built by {@code scripts/build-test-template.sh}, until agent templates exist. */
    static final String DEFAULT_TEMPLATE = "sandboxes/test-template:latest";

    private QuickStart() {
    }

    public static void main(String[] args) {
        String template = DEFAULT_TEMPLATE;
        String[] command = args;
        if (args.length >= 2 && args[0].equals("--template")) {
            template = args[1];
            command = Arrays.copyOfRange(args, 2, args.length);
        }
        if (command.length == 0) {
            command = new String[] {"sh", "-c", "echo \"hello from $(hostname) as $(id -un), in $(pwd)\"; ls -a"};
        }
        try (Sandbox sandbox = Sandboxes.forWorkspace(Path.of("")).template(template).open()) {
            System.err.println("sandbox " + sandbox.name() + " (" + sandbox.id().substring(0, 12) + ") on " + sandbox.workspace());
            ExecResult result = sandbox.exec(command);
            System.out.print(result.stdout());
            System.err.print(result.stderr());
            System.exit(result.exitCode());
        } catch (SandboxException e) {
            System.err.println("sandbox: " + e.getMessage());
            System.exit(125);
        }
    }
}
