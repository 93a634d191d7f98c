package dev.sandboxes.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A tool call's arguments, read with the checks an untrusted client needs: unknown names, missing
 * values and wrong types each give a {@link ToolException} that names the argument and says what it
 * must be. The SDK's own input validation is off, so that these messages are the ones a model sees.
 */
final class Args {

    private final String tool;
    private final Map<String, Object> values;

    Args(String tool, Map<String, Object> values, Set<String> known) {
        this.tool = tool;
        this.values = values == null ? Map.of() : values;
        Set<String> unknown = new TreeSet<>(this.values.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new ToolException(tool + " has no argument " + String.join(", ", unknown) + (known.isEmpty()
                    ? "; it takes none."
                    : "; its arguments are: " + String.join(", ", new TreeSet<>(known)) + "."));
        }
    }

    String requiredString(String name) {
        return string(name).orElseThrow(() -> new ToolException(tool + " needs the argument '" + name + "'."));
    }

    Optional<String> string(String name) {
        Object value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw wrongType(name, "a string", value);
        }
        if (text.indexOf('\0') >= 0) {
            throw new ToolException("The argument '" + name + "' contains a NUL character, which no path or command may hold.");
        }
        return Optional.of(text);
    }

    Optional<Long> integer(String name, long min, long max) {
        Object value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        long number;
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            number = ((Number) value).longValue();
        } else if (value instanceof Number other && other.doubleValue() == Math.rint(other.doubleValue())
                && Math.abs(other.doubleValue()) < 1e15) {
            number = (long) other.doubleValue();
        } else {
            throw wrongType(name, "an integer", value);
        }
        if (number < min || number > max) {
            throw new ToolException("The argument '" + name + "' must be between " + min + " and " + max + "; it was " + number + ".");
        }
        return Optional.of(number);
    }

    boolean bool(String name, boolean fallback) {
        Object value = values.get(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean flag)) {
            throw wrongType(name, "true or false", value);
        }
        return flag;
    }

    Optional<List<String>> stringList(String name) {
        Object value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof List<?> list)) {
            throw wrongType(name, "an array of strings", value);
        }
        List<String> strings = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String text)) {
                throw wrongType(name, "an array of strings", value);
            }
            strings.add(text);
        }
        return Optional.of(List.copyOf(strings));
    }

    Map<String, String> stringMap(String name) {
        Object value = values.get(name);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw wrongType(name, "an object of string values", value);
        }
        Map<String, String> strings = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getValue() instanceof String text)) {
                throw new ToolException("The argument '" + name + "' must map names to strings; '" + entry.getKey()
                        + "' is " + describe(entry.getValue()) + ".");
            }
            strings.put(String.valueOf(entry.getKey()), text);
        }
        return strings;
    }

    private ToolException wrongType(String name, String expected, Object value) {
        return new ToolException("The argument '" + name + "' must be " + expected + "; it was " + describe(value) + ".");
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "the number " + value;
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof List) {
            return "an array";
        }
        return value instanceof Map ? "an object" : value.getClass().getSimpleName();
    }
}
