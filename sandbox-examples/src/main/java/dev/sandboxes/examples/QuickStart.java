package dev.sandboxes.examples;

import dev.sandboxes.Sandbox;
import dev.sandboxes.SandboxBuilder;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.core.SandboxEvent;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.exec.ExecResult;
import dev.sandboxes.templates.TemplateProgress;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Opens (or reuses) the sandbox of the current folder, runs one command in it and prints its output.
 * The exit code of the command becomes the program's. With {@code --agent}, the sandbox is the
 * agent's, on its own template (built the first time, its progress printed).
 *
 * <pre>{@code
 * java -cp sandbox.jar dev.sandboxes.examples.QuickStart [--template IMAGE | --agent AGENT] [COMMAND ARGS...]
 * }</pre>
 */
public final class QuickStart {

    /** The small template built by {@code scripts/build-test-template.sh}: ready in a second. */
    static final String DEFAULT_TEMPLATE = "sandboxes/test-template:latest";

    /** Template builds print their steps, so that a first build of minutes is not silence. */
    private static final SandboxListener PROGRESS = new SandboxListener() {
        @Override
        public void onEvent(SandboxEvent event) {
        }

        @Override
        public void onTemplateProgress(TemplateProgress progress) {
            switch (progress.kind()) {
                case STARTED, DONE -> System.err.println("template " + progress.template() + ": " + progress.message());
                case STEP -> System.err.println("template " + progress.template() + ": step " + progress.current() + "/"
                        + progress.total() + ": " + progress.message());
                default -> {
                    // Output lines and layer bytes would drown the steps; the CLI draws them as a bar.
                }
            }
        }
    };

    private QuickStart() {
    }

    public static void main(String[] args) {
        String[] command = args;
        SandboxBuilder builder = Sandboxes.forWorkspace(Path.of("")).listener(PROGRESS);
        if (args.length >= 2 && args[0].equals("--agent")) {
            command = Arrays.copyOfRange(args, 2, args.length);
        } else if (args.length >= 2 && args[0].equals("--template")) {
            command = Arrays.copyOfRange(args, 2, args.length);
        }
        if (command.length == 0) {
            command = new String[] {"sh", "-c", "echo \"hello from $(hostname) as $(id -un), in $(pwd)\"; ls -a"};
        }
        try {
            if (args.length >= 2 && args[0].equals("--agent")) {
                builder.agent(args[1]);
            } else {
                builder.template(args.length >= 2 && args[0].equals("--template") ? args[1] : DEFAULT_TEMPLATE);
            }
        } catch (SandboxException e) {
            System.err.println("sandbox: " + e.getMessage());
            System.exit(125);
        }
        try (Sandbox sandbox = builder.open()) {
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
