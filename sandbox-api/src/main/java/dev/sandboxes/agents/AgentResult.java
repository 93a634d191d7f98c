package dev.sandboxes.agents;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a headless agent run ended, with everything it printed (up to the exec output limit).
 *
 * <pre>{@code
 * AgentResult result = sandbox.agent().prompt("add a README").await();
 * if (result.succeeded()) result.lastEvent("result").ifPresent(e -> System.out.println(e.json()));
 * }</pre>
 *
 * @param exitCode  the agent's exit code; 137 when killed
 * @param lines     its standard output, line by line
 * @param events    the lines that were JSON objects, parsed
 * @param stderr    its standard error
 * @param timedOut  whether it was killed because its time limit passed
 * @param cancelled whether {@link AgentRun#cancel()} killed it
 * @param duration  how long it ran
 */
public record AgentResult(int exitCode, List<String> lines, List<AgentEvent> events, String stderr,
                          boolean timedOut, boolean cancelled, Duration duration) {

    public AgentResult {
        lines = List.copyOf(lines);
        events = List.copyOf(events);
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(duration, "duration");
    }

    /** Whether it exited with 0. */
    public boolean succeeded() {
        return exitCode == 0 && !timedOut && !cancelled;
    }

    /** The last event of that type, such as Claude Code's closing {@code "result"}. */
    public Optional<AgentEvent> lastEvent(String type) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).type().equals(type)) {
                return Optional.of(events.get(i));
            }
        }
        return Optional.empty();
    }
}
