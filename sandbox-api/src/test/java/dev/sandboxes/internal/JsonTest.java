package dev.sandboxes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JDK-written JSON of this module against Jackson's, for the same data, both ways. */
class JsonTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void writesWhatJacksonWritesForNumbersNestingAndEscapes() throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("time", "2026-12-03T14:40:22.123456Z");
        data.put("int", 42);
        data.put("negative", -7);
        data.put("long", 1L << 40);
        data.put("big", new BigInteger("123456789012345678901234567890"));
        data.put("double", 0.1 + 0.2);
        data.put("tiny", 1e-9);
        data.put("huge", 6.02e23);
        data.put("true", true);
        data.put("nothing", null);
        data.put("escapes", "quote \" backslash \\ slash / newline \n tab \t cr \r bs \b ff \f nul \0 unit \u001f del \u007f");
        data.put("unicode", "é ü 中文 😀 \u2028 \u2029");
        data.put("argv", List.of("sh", "-c", "echo \"$HOME\" > /tmp/x"));
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("empty object", Map.of());
        inner.put("empty array", List.of());
        inner.put("nested", List.of(List.of(1, 2), Map.of("k", "v")));
        data.put("inner", inner);

        assertEquals(JACKSON.writeValueAsString(data), Json.write(data));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{\"type\":\"result\",\"n\":1,\"neg\":-0,\"max\":2147483647,\"over\":2147483648,\"min\":-2147483648,\"under\":-2147483649}",
        "{\"long\":9223372036854775807,\"bigger\":9223372036854775808,\"small\":-9223372036854775809}",
        "{\"f\":1.0,\"e\":1e5,\"E\":-2.5E-3,\"plus\":3e+2,\"zero\":0.0}",
        "{\"s\":\"a\\\"b\\\\c\\/d\\n\\t\\r\\b\\f\\u0041\\u00e9\\ud83d\\ude00\",\"raw\":\"é 中 😀\"}",
        "  {\"a\" : [ 1 , [ ] , { } , null , true , false , \"x\" ] , \"b\" : { \"c\" : { \"d\" : [ [ [ 2 ] ] ] } } }  ",
        "{\"dup\":1,\"dup\":2}",
        "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"Done.\"}],\"usage\":{\"input_tokens\":12}}}"
    })
    void readsWhatJacksonReads(String text) throws Exception {
        Map<String, Object> jackson = JACKSON.readValue(text, new TypeReference<Map<String, Object>>() { });

        Map<String, Object> ours = Json.parseObject(text);

        assertEquals(jackson, ours);
        assertEquals(types(jackson), types(ours), "the same Java types for every value");
    }

    @Test
    void readsBackWhatItWrites() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("argv", List.of("printf", "%s\\n", "\u0000\u001b[31m"));
        data.put("exitCode", 137);
        data.put("durationMillis", 12_345_678_901L);

        assertEquals(data, Json.parseObject(Json.write(data)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "[1,]", "{a:1}", "{\"a\":01}",
        "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":tru}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}",
        "{\"a\":\"line\nbreak\"}", "{\"a\":NaN}", "{\"a\":1} trailing", "{'a':1}"})
    void refusesWhatIsNotJson(String text) {
        assertThrows(Json.MalformedJsonException.class, () -> Json.parseObject(text));
    }

    @Test
    void refusesAValueThatIsNotAnObjectWhereAnObjectIsAsked() {
        Json.MalformedJsonException error = assertThrows(Json.MalformedJsonException.class, () -> Json.parseObject("[1]"));

        assertEquals("Expected a JSON object, found: an array", error.getMessage());
    }

    @Test
    void refusesNestingDeeperThanJacksonsLimitInsteadOfOverflowing() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);

        assertThrows(Json.MalformedJsonException.class, () -> Json.parse(deep));
    }

    /** The Java class of every value, recursively, since equal maps may hold an Integer where the other holds a Long. */
    private static Object types(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((key, item) -> out.put(key, types(item)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(types(item)));
            return out;
        }
        return value == null ? "null" : value.getClass().getName();
    }

    @Test
    void keepsTheOrderOfFieldsAsWritten() {
        Map<String, Object> fields = Json.parseObject("{\"z\":1,\"a\":2,\"m\":3}");

        assertEquals(Arrays.asList("z", "a", "m"), new ArrayList<>(fields.keySet()));
    }
}
