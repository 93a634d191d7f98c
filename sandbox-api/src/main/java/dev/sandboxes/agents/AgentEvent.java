package dev.sandboxes.agents;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One JSON object an agent printed on a line of its headless output, parsed: Claude Code's and
 * Gemini CLI's {@code stream-json}, Codex's {@code --json}. Values are plain Java: maps, lists,
 * strings, numbers, booleans and nulls.
 *
 * <pre>{@code
 * sandbox.agent().prompt(AgentPrompt.of("fix the build").withListener(new AgentListener() {
 *     public void onEvent(AgentEvent event) {
 *         if (event.type().equals("result")) System.out.println(event.string("result").orElse(""));
 *     }
 * }));
 * }</pre>
 *
 * @param type   the object's {@code "type"} field, or {@code ""} when it has none
 * @param fields every field of the object, in the order printed
 * @param json   the line as printed
 */
public record AgentEvent(String type, Map<String, Object> fields, String json) {

    public AgentEvent {
        Objects.requireNonNull(type, "type");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        Objects.requireNonNull(json, "json");
    }

    /** A field's value when it is a string. */
    public Optional<String> string(String field) {
        return fields.get(field) instanceof String value ? Optional.of(value) : Optional.empty();
    }
}
