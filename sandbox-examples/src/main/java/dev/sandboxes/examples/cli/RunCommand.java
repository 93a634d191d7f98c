package dev.sandboxes.examples.cli;

import dev.sandboxes.Sandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sandbox run AGENT [-- AGENT_ARGS...]}: open the workspace's sandbox and attach the agent. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Open (create or reuse) the sandbox of a workspace and run the agent in it, on this terminal.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    OpenOptions open;

    @Option(names = {"-d", "--detached"}, description = "Create and start the sandbox, print its id, attach nothing.")
    boolean detached;

    @Parameters(index = "0", paramLabel = "AGENT", description = "claude, gemini, codex, or shell (no agent: a login shell).")
    String agent;

    @Parameters(index = "1..*", paramLabel = "AGENT_ARGS", description = "Arguments for the agent (after the agent, or after --).")
    List<String> agentArgs = new ArrayList<>();

    @Override
    public Integer call() {
        Progress progress = Progress.onStandardError(open.quiet);
        Sandbox opened;
        try {
            opened = open.builder(agent, progress).open();
        } finally {
            progress.endLine();
        }
        try (Sandbox sandbox = opened) {
            if (detached) {
                System.out.println(sandbox.id());
                return 0;
            }
            return TerminalSession.attach(output -> sandbox.agent().interactive(OptionValues.passedOn(agentArgs), output));
        }
    }
}
