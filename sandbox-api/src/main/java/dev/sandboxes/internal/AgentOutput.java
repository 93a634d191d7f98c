package dev.sandboxes.internal;

import dev.sandboxes.agents.AgentEvent;
import dev.sandboxes.agents.AgentListener;
import dev.sandboxes.exec.ExecListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an agent's output into lines and, for agents that print JSON lines, parsed events, passing
 * each to the caller's listener as it comes and keeping them for the result.
 */
public final class AgentOutput {

    private final boolean jsonLines;
    private final AgentListener listener;
    private final int limit;
    private final List<String> lines = new ArrayList<>();
    private final List<AgentEvent> events = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private long kept;
    private boolean full;

    /**
     * @param limit how many characters of output to keep for the result; the listener sees everything
     */
    public AgentOutput(boolean jsonLines, AgentListener listener, int limit) {
        this.jsonLines = jsonLines;
        this.listener = listener;
        this.limit = limit;
    }

    /** The exec listener that feeds this. */
    public ExecListener execListener() {
        return ExecListener.lines(this::stdoutLine, this::stderrLine);
    }

    private synchronized void stdoutLine(String line) {
        listener.onLine(line);
        // Once a line does not fit, nothing later is kept: the result holds a beginning, without gaps.
        full = full || kept + line.length() >= limit;
        boolean keep = !full;
        if (keep) {
            kept += line.length();
            lines.add(line);
        }
        parse(line).ifPresent(event -> {
            if (keep) {
                events.add(event);
            }
            listener.onEvent(event);
        });
    }

    private synchronized void stderrLine(String line) {
        listener.onErrorLine(line);
        if (stderr.length() + line.length() < limit) {
            stderr.append(line).append('\n');
        }
    }

    private java.util.Optional<AgentEvent> parse(String line) {
        String trimmed = line.strip();
        if (!jsonLines || !trimmed.startsWith("{")) {
            return java.util.Optional.empty();
        }
        try {
            Map<String, Object> fields = Json.parseObject(trimmed);
            Object type = fields.get("type");
            return java.util.Optional.of(new AgentEvent(type instanceof String s ? s : "", fields, line));
        } catch (Json.MalformedJsonException notJson) {
            return java.util.Optional.empty();
        }
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    public synchronized List<AgentEvent> events() {
        return List.copyOf(events);
    }

    public synchronized String stderr() {
        return stderr.toString();
    }
}
