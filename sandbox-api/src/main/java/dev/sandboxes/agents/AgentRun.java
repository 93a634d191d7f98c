package dev.sandboxes.agents;

import dev.sandboxes.errors.SandboxException;
import java.util.concurrent.CompletableFuture;

/**
 * A headless agent run in progress, started by {@link SandboxAgent#prompt(AgentPrompt)}. Its output
 * reaches the prompt's listener as it comes.
 *
 * <pre>{@code
 * AgentRun run = sandbox.agent().prompt("refactor the parser");
 * ...
 * run.cancel();
 * AgentResult result = run.await();   // cancelled() is true
 * }</pre>
 */
public interface AgentRun {

    /** Completes when the agent has ended and its output has drained. */
    CompletableFuture<AgentResult> result();

    /**
     * Waits for the agent to end.
     *
     * @throws SandboxException when the run could not be carried to its end (the sandbox was removed, say)
     */
    AgentResult await();

    /** Kills the agent and every process it started; a run that has ended is not affected. */
    void cancel();
}
