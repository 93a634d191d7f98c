package dev.sandboxes.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Schemas for tools' inputs and outputs, as the maps the SDK takes. Every output schema also
 * admits the error result, {@code {"error": "..."}}: the SDK checks every result against it, error
 * results included.
 */
final class Schema {

    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final List<String> required = new ArrayList<>();

    static Schema object() {
        return new Schema();
    }

    Schema required(String name, Map<String, Object> schema) {
        properties.put(name, schema);
        required.add(name);
        return this;
    }

    Schema optional(String name, Map<String, Object> schema) {
        properties.put(name, schema);
        return this;
    }

    /** A tool's arguments: only the named ones. */
    Map<String, Object> input() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", List.copyOf(required));
        schema.put("additionalProperties", false);
        return schema;
    }

    /** A tool's result: these fields, or {@code error} alone. */
    Map<String, Object> output() {
        Map<String, Object> all = new LinkedHashMap<>(properties);
        all.put("error", string("Why the call failed, and what to do instead (error results only)."));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", all);
        schema.put("anyOf", List.of(Map.of("required", List.copyOf(required)), Map.of("required", List.of("error"))));
        return schema;
    }

    /** The fields of a nested object (no error alternative). */
    Map<String, Object> nested() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", List.copyOf(required));
        return schema;
    }

    static Map<String, Object> string(String description) {
        return Map.of("type", "string", "description", description);
    }

    static Map<String, Object> nullableString(String description) {
        return Map.of("type", List.of("string", "null"), "description", description);
    }

    static Map<String, Object> enumeration(String description, String... values) {
        return Map.of("type", "string", "enum", List.of(values), "description", description);
    }

    static Map<String, Object> integer(String description) {
        return Map.of("type", "integer", "description", description);
    }

    static Map<String, Object> integer(String description, long min, long max) {
        return Map.of("type", "integer", "minimum", min, "maximum", max, "description", description);
    }

    static Map<String, Object> nullableInteger(String description) {
        return Map.of("type", List.of("integer", "null"), "description", description);
    }

    static Map<String, Object> bool(String description) {
        return Map.of("type", "boolean", "description", description);
    }

    static Map<String, Object> strings(String description) {
        return Map.of("type", "array", "items", Map.of("type", "string"), "description", description);
    }

    static Map<String, Object> stringMap(String description) {
        return Map.of("type", "object", "additionalProperties", Map.of("type", "string"), "description", description);
    }

    static Map<String, Object> arrayOf(String description, Map<String, Object> items) {
        return Map.of("type", "array", "items", items, "description", description);
    }
}
