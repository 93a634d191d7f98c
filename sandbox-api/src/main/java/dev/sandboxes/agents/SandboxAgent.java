package dev.sandboxes.agents;

import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.exec.ExecHandle;
import dev.sandboxes.exec.ExecListener;
import java.util.List;

/**
 * The agent of a sandbox, ready to run: headless with a prompt, or interactive on a terminal.
 * Obtained from {@link dev.sandboxes.Sandbox#agent()}. The agent's API key, where the credential mode gives one,
 * is passed to each run as an environment variable of that run only.
 *
 * <pre>{@code
 * AgentResult result = sandbox.agent().prompt("make the failing test pass").await();
 *
 * ExecHandle session = sandbox.agent().interactive(List.of(), ExecListener.NONE);
 * session.resizeTerminal(120, 40);
 * }</pre>
 */
public interface SandboxAgent {

    /** What the library knows of the agent. */
    AgentDefinition definition();

    /** Runs the agent headless with this prompt; returns at once. */
    default AgentRun prompt(String prompt) {
        return prompt(AgentPrompt.of(prompt));
    }

    /**
     * Runs the agent headless, as asked; returns at once.
     *
     * @throws SandboxStateException when the sandbox is not running
     */
    AgentRun prompt(AgentPrompt prompt);

    /**
     * Starts the agent's interactive command on a terminal (a TTY), in the workspace: its output
     * goes to {@code output} as raw terminal bytes, its input is {@link ExecHandle#stdin()}, and
     * {@link ExecHandle#resizeTerminal} follows the user's window.
     *
     * @param extraArgs arguments added after the agent's interactive command
     */
    ExecHandle interactive(List<String> extraArgs, ExecListener output);
}
