package dev.sandboxes.examples.cli;

import dev.sandboxes.Sandbox;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sandbox create AGENT}: open the workspace's sandbox without attaching; print its id. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create (or reuse) the sandbox of a workspace for an agent, start it, and print its id.")
final class CreateCommand implements Callable<Integer> {

    @Mixin
    OpenOptions open;

    @Parameters(index = "0", paramLabel = "AGENT", description = "claude, gemini, codex, or shell.")
    String agent;

    @Override
    public Integer call() {
        Progress progress = Progress.onStandardError(open.quiet);
        try (Sandbox sandbox = open.builder(agent, progress).open()) {
            progress.endLine();
            System.out.println(sandbox.id());
            return 0;
        } finally {
            progress.endLine();
        }
    }
}
