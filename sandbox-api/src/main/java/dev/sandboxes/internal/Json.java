package dev.sandboxes.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON this module reads and writes (audit log lines, agents' JSON-line output), with the
 * JDK only, so that {@code sandbox-api} needs no JSON library. It reads and writes what Jackson's
 * {@code ObjectMapper} does for the same data (tests compare the two): objects as
 * {@link LinkedHashMap}s in the order written, arrays as {@link ArrayList}s, whole numbers as
 * {@link Integer}, {@link Long} or {@link BigInteger} by size, other numbers as {@link Double}, and
 * only {@code "}, {@code \} and control characters escaped on output.
 *
 * <pre>{@code
 * String line = Json.write(Map.of("kind", "exec"));        // {"kind":"exec"}
 * Map<String, Object> fields = Json.parseObject(line);
 * }</pre>
 */
public final class Json {

    /** As deep as Jackson's default limit: deeper input is refused instead of overflowing the stack. */
    private static final int MAX_DEPTH = 1000;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Json() {
    }

    /** Thrown for text that is not JSON, or not the JSON asked for. */
    public static final class MalformedJsonException extends IllegalArgumentException {
        MalformedJsonException(String message) {
            super(message);
        }
    }

    /**
     * One value as JSON text: maps (string keys), iterables, strings, numbers, booleans and nulls.
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    /** A JSON object's fields; refuses text that is anything else. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object value = parse(text);
        if (value instanceof Map<?, ?> object) {
            return (Map<String, Object>) object;
        }
        throw new MalformedJsonException("Expected a JSON object, found: " + describe(value));
    }

    /** One JSON value; anything after it but white space is refused. */
    public static Object parse(String text) {
        Reader reader = new Reader(text);
        Object value;
        try {
            value = reader.value(0);
        } catch (StackOverflowError deepForThisThread) {
            // A thread with a small stack (-Xss) can run out before MAX_DEPTH: the text is refused all the same.
            throw reader.malformed("nested deeper than this thread's stack allows");
        }
        reader.skipWhitespace();
        if (!reader.atEnd()) {
            throw reader.malformed("nothing may follow the value");
        }
        return value;
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String string) {
            writeString(string, out);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                throw new IllegalArgumentException("JSON has no " + number);
            }
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> field : map.entrySet()) {
                if (!(field.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object keys are strings, not " + field.getKey());
                }
                out.append(first ? "" : ",");
                first = false;
                writeString(key, out);
                out.append(':');
                write(field.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof Iterable<?> items) {
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                out.append(first ? "" : ",");
                first = false;
                write(item, out);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("No JSON form for " + value.getClass().getName());
        }
    }

    private static void writeString(String string, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < string.length(); i++) {
            char c = string.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static String describe(Object value) {
        return value == null ? "null" : value instanceof List<?> ? "an array" : value.getClass().getSimpleName();
    }

    /** A recursive-descent reader over one text. */
    private static final class Reader {
        private final String text;
        private int position;

        Reader(String text) {
            this.text = text;
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw malformed("nested deeper than " + MAX_DEPTH);
            }
            skipWhitespace();
            if (atEnd()) {
                throw malformed("a value is missing");
            }
            char c = text.charAt(position);
            return switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw malformed("unexpected '" + c + "'");
                }
            };
        }

        private Map<String, Object> object(int depth) {
            Map<String, Object> fields = new LinkedHashMap<>();
            position++;
            skipWhitespace();
            if (take('}')) {
                return fields;
            }
            do {
                skipWhitespace();
                if (atEnd() || text.charAt(position) != '"') {
                    throw malformed("a field name in quotes is expected");
                }
                String name = string();
                skipWhitespace();
                expect(':');
                fields.put(name, value(depth + 1));
                skipWhitespace();
            } while (take(','));
            expect('}');
            return fields;
        }

        private List<Object> array(int depth) {
            List<Object> items = new ArrayList<>();
            position++;
            skipWhitespace();
            if (take(']')) {
                return items;
            }
            do {
                items.add(value(depth + 1));
                skipWhitespace();
            } while (take(','));
            expect(']');
            return items;
        }

        private String string() {
            position++;
            StringBuilder out = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw malformed("a string is not closed");
                }
                char c = text.charAt(position++);
                if (c == '"') {
                    return out.toString();
                } else if (c == '\\') {
                    out.append(escaped());
                } else if (c < 0x20) {
                    throw malformed("a control character must be escaped in a string");
                } else {
                    out.append(c);
                }
            }
        }

        private char escaped() {
            if (atEnd()) {
                throw malformed("an escape is cut off");
            }
            char c = text.charAt(position++);
            return switch (c) {
                case '"', '\\', '/' -> c;
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'u' -> {
                    if (position + 4 > text.length()) {
                        throw malformed("a \\u escape is cut off");
                    }
                    try {
                        char unit = (char) Integer.parseInt(text.substring(position, position + 4), 16);
                        position += 4;
                        yield unit;
                    } catch (NumberFormatException notHex) {
                        throw malformed("a \\u escape needs four hex digits");
                    }
                }
                default -> throw malformed("unknown escape \\" + c);
            };
        }

        private Number number() {
            int start = position;
            take('-');
            if (take('0')) {
                if (!atEnd() && Character.isDigit(text.charAt(position))) {
                    throw malformed("a number may not start with 0");
                }
            } else if (digits() == 0) {
                throw malformed("a digit is expected");
            }
            boolean whole = true;
            if (take('.')) {
                whole = false;
                if (digits() == 0) {
                    throw malformed("a digit is expected after '.'");
                }
            }
            if (take('e') || take('E')) {
                whole = false;
                if (!take('+')) {
                    take('-');
                }
                if (digits() == 0) {
                    throw malformed("a digit is expected in the exponent");
                }
            }
            String literal = text.substring(start, position);
            if (!whole) {
                return Double.parseDouble(literal);
            }
            BigInteger value = new BigInteger(literal);
            if (value.bitLength() < Integer.SIZE) {
                return value.intValue();
            }
            return value.bitLength() < Long.SIZE ? (Number) value.longValue() : value;
        }

        private int digits() {
            int start = position;
            while (!atEnd() && text.charAt(position) >= '0' && text.charAt(position) <= '9') {
                position++;
            }
            return position - start;
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, position)) {
                throw malformed("unexpected word");
            }
            position += word.length();
            return value;
        }

        void skipWhitespace() {
            while (!atEnd() && " \t\n\r".indexOf(text.charAt(position)) >= 0) {
                position++;
            }
        }

        boolean atEnd() {
            return position >= text.length();
        }

        private boolean take(char c) {
            if (!atEnd() && text.charAt(position) == c) {
                position++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!take(c)) {
                throw malformed("'" + c + "' is expected");
            }
        }

        MalformedJsonException malformed(String why) {
            return new MalformedJsonException("Not JSON at character " + position + ": " + why);
        }
    }
}
