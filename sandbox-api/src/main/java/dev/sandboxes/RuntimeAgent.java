package dev.sandboxes;

import dev.sandboxes.agents.AgentDefinition;
import dev.sandboxes.agents.AgentPrompt;
import dev.sandboxes.agents.AgentResult;
import dev.sandboxes.agents.AgentRun;
import dev.sandboxes.agents.CredentialMode;
import dev.sandboxes.agents.SandboxAgent;
import dev.sandboxes.exec.ExecEvent;
import dev.sandboxes.exec.ExecHandle;
import dev.sandboxes.exec.ExecListener;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import dev.sandboxes.internal.AgentKeys;
import dev.sandboxes.internal.AgentOutput;
import dev.sandboxes.internal.Results;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runs a sandbox's agent through the sandbox's own exec, with its keys for each run only. */
final class RuntimeAgent implements SandboxAgent {

    private final Commands sandbox;
    private final AgentDefinition definition;
    private final Map<String, String> keys;

    /** What an agent run needs of its sandbox: to start a command recorded as the agent's, and its name. */
    interface Commands {
        ExecHandle start(ExecRequest request, ExecEvent.Kind kind);

        String name();
    }

    RuntimeAgent(Commands sandbox, AgentDefinition definition, AgentKeys keys, CredentialMode mode) {
        this.sandbox = sandbox;
        this.definition = definition;
        this.keys = keys.forRun(definition, mode);
    }

    @Override
    public AgentDefinition definition() {
        return definition;
    }

    @Override
    public AgentRun prompt(AgentPrompt prompt) {
        Objects.requireNonNull(prompt, "prompt");
        ExecRequest request = withKeys(ExecRequest.of(definition.headless(prompt.text(), prompt.args())));
        for (Map.Entry<String, String> variable : prompt.env().entrySet()) {
            request = request.withEnv(variable.getKey(), variable.getValue());
        }
        if (prompt.timeout().isPresent()) {
            request = request.withTimeout(prompt.timeout().get());
        }
        AgentOutput output = new AgentOutput(definition.jsonLines(), prompt.listener(), request.outputLimit());
        ExecHandle handle = sandbox.start(request.withListener(output.execListener()), ExecEvent.Kind.AGENT);
        return new Run(handle, output);
    }

    @Override
    public ExecHandle interactive(List<String> extraArgs, ExecListener output) {
        Objects.requireNonNull(extraArgs, "extraArgs");
        Objects.requireNonNull(output, "output");
        List<String> argv = new java.util.ArrayList<>(definition.interactiveCommand());
        argv.addAll(extraArgs);
        return sandbox.start(withKeys(ExecRequest.of(argv)).withTty(true).withStdinOpen().withListener(output),
                ExecEvent.Kind.AGENT);
    }

    private ExecRequest withKeys(ExecRequest request) {
        for (Map.Entry<String, String> key : keys.entrySet()) {
            request = request.withEnv(key.getKey(), key.getValue());
        }
        return request;
    }

    @Override
    public String toString() {
        return "SandboxAgent[" + definition.name() + " in " + sandbox.name() + "]";
    }

    /** One headless run: the exec's result, told as the agent's. */
    private static final class Run implements AgentRun {
        private final ExecHandle handle;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final CompletableFuture<AgentResult> result;

        Run(ExecHandle handle, AgentOutput output) {
            this.handle = handle;
            this.result = handle.result().thenApply(exec -> toResult(exec, output));
        }

        private AgentResult toResult(ExecResult exec, AgentOutput output) {
            // A run that ended on its own just as it was cancelled was not cancelled: only a kill says so.
            boolean killed = cancelled.get() && !exec.timedOut() && exec.exitCode() == 137;
            return new AgentResult(exec.exitCode(), output.lines(), output.events(), output.stderr(),
                    exec.timedOut(), killed, exec.duration());
        }

        @Override
        public CompletableFuture<AgentResult> result() {
            return result;
        }

        @Override
        public AgentResult await() {
            return Results.join(result, "The agent run");
        }

        @Override
        public void cancel() {
            if (!result.isDone()) {
                cancelled.set(true);
                handle.kill();
            }
        }
    }
}
