package dev.sandboxes.agents;

import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.exec.EnvNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One headless run of an agent: the prompt, and optionally extra arguments for the agent's CLI, a
 * time limit, environment variables and a listener. Immutable: each {@code with} returns a copy.
 *
 * <pre>{@code
 * AgentRun run = sandbox.agent().prompt(AgentPrompt.of("make the failing test pass")
 *         .withArgs("--model", "sonnet")
 *         .withTimeout(Duration.ofMinutes(20))
 *         .withListener(listener));
 * }</pre>
 */
public final class AgentPrompt {

    private final String text;
    private final List<String> args;
    private final Optional<Duration> timeout;
    private final Map<String, String> env;
    private final AgentListener listener;

    private AgentPrompt(String text, List<String> args, Optional<Duration> timeout, Map<String, String> env,
                        AgentListener listener) {
        this.text = text;
        this.args = List.copyOf(args);
        this.timeout = timeout;
        this.env = Map.copyOf(env);
        this.listener = listener;
    }

    /**
     * The most a prompt may hold, in UTF-8 bytes: it travels as one argument of the agent's command,
     * and Linux refuses a longer one (128 KiB, with room left for the rest).
     */
    public static final int MAX_BYTES = 120 * 1024;

    /**
     * A prompt with no extra arguments, no time limit and no listener.
     *
     * @throws InvalidSandboxConfigException when it is blank or longer than {@link #MAX_BYTES}
     */
    public static AgentPrompt of(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new InvalidSandboxConfigException("The prompt is blank: say what the agent should do.");
        }
        int bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new InvalidSandboxConfigException("The prompt is " + bytes + " bytes, more than the " + MAX_BYTES
                    + " one command argument may carry: write the long part to a file in the workspace and point"
                    + " the prompt at it.");
        }
        return new AgentPrompt(text, List.of(), Optional.empty(), Map.of(), AgentListener.NONE);
    }

    /** Arguments added after the agent's headless command, such as {@code "--model", "sonnet"}. */
    public AgentPrompt withArgs(String... extra) {
        List<String> all = new ArrayList<>(args);
        for (String arg : extra) {
            all.add(Objects.requireNonNull(arg, "arg"));
        }
        return new AgentPrompt(text, all, timeout, env, listener);
    }

    /** Kills the run when it takes longer; the result then says {@link AgentResult#timedOut()}. */
    public AgentPrompt withTimeout(Duration limit) {
        Objects.requireNonNull(limit, "limit");
        if (limit.isNegative() || limit.isZero()) {
            throw new InvalidSandboxConfigException("The agent's time limit must be positive, not " + limit + ".");
        }
        return new AgentPrompt(text, args, Optional.of(limit), env, listener);
    }

    /** An environment variable for this run only. */
    public AgentPrompt withEnv(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        EnvNames.check(name, value);
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put(name, value);
        return new AgentPrompt(text, args, timeout, all, listener);
    }

    public AgentPrompt withListener(AgentListener listener) {
        return new AgentPrompt(text, args, timeout, env, Objects.requireNonNull(listener, "listener"));
    }

    public String text() {
        return text;
    }

    public List<String> args() {
        return args;
    }

    public Optional<Duration> timeout() {
        return timeout;
    }

    public Map<String, String> env() {
        return env;
    }

    public AgentListener listener() {
        return listener;
    }

    @Override
    public String toString() {
        // Neither the prompt's full text nor env values: either may hold something private.
        return "AgentPrompt[" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + ", args=" + args
                + ", env=" + env.keySet() + timeout.map(t -> ", timeout=" + t).orElse("") + "]";
    }
}
