package dev.sandboxes.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JsonRpcTapTest {

    private final ObjectMapper json = new ObjectMapper();
    private final RunningCalls calls = new RunningCalls();
    private final JsonRpcTap tap = new JsonRpcTap(calls);

    @Test
    void aToolCallGetsItsAddressInItsMeta() throws Exception {
        JsonRpcTap.Tapped tapped = tap.inbound("session-1",
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"sandbox_list\"}}");

        JsonNode address = json.readTree(tapped.message()).at("/params/_meta").get(JsonRpcTap.CALL_KEY);
        assertEquals("session-1", address.get("channel").asText());
        assertEquals("7", address.get("id").asText());
        assertEquals(List.of(new RunningCalls.CallKey("session-1", "7")), tapped.calls());
    }

    @Test
    void aClientSuppliedAddressIsOverwrittenAndTheRestOfMetaKept() throws Exception {
        JsonRpcTap.Tapped tapped = tap.inbound("session-1", "{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"sandbox_exec\",\"_meta\":{\"progressToken\":5,"
                + "\"dev.sandboxes/call\":{\"channel\":\"someone-else\",\"id\":\"1\"}}}}");

        JsonNode meta = json.readTree(tapped.message()).at("/params/_meta");
        assertEquals("session-1", meta.get(JsonRpcTap.CALL_KEY).get("channel").asText());
        assertEquals("\"abc\"", meta.get(JsonRpcTap.CALL_KEY).get("id").asText());
        assertEquals(5, meta.get("progressToken").asInt());
    }

    @Test
    void theAddressReadsBackOutOfTheMetaTheHandlerGets() throws Exception {
        JsonRpcTap.Tapped tapped = tap.inbound("session-1",
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"sandbox_list\"}}");
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = (Map<String, Object>) json.readValue(tapped.message(), Map.class).get("params");

        @SuppressWarnings("unchecked")
        Optional<RunningCalls.CallKey> key = JsonRpcTap.callKey((Map<String, Object>) meta.get("_meta"));

        assertEquals(Optional.of(new RunningCalls.CallKey("session-1", "7")), key);
    }

    @Test
    void everyCallOfABatchGetsItsAddress() {
        JsonRpcTap.Tapped tapped = tap.inbound("s", "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{}}]");

        assertEquals(List.of(new RunningCalls.CallKey("s", "1"), new RunningCalls.CallKey("s", "2")), tapped.calls());
    }

    @Test
    void otherMessagesAndNonJsonPassUnchanged() {
        String list = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}";

        assertEquals(list, tap.inbound("s", list).message());
        assertEquals("not json {", tap.inbound("s", "not json {").message());
    }

    @Test
    void aCancelledNotificationCancelsTheRegisteredCall() {
        AtomicInteger stops = new AtomicInteger();
        RunningCalls.Registration registration = calls.register(new RunningCalls.CallKey("s", "7"), stops::incrementAndGet);

        tap.inbound("s", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":7}}");

        assertEquals(1, stops.get());
        assertTrue(registration.cancelled());
        assertEquals(0, calls.size());
    }

    @Test
    void aCancelledNotificationWithAStringIdCancelsTheCallOfThatId() {
        AtomicInteger stops = new AtomicInteger();
        tap.inbound("s", "{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"tools/call\",\"params\":{}}")
                .calls().forEach(key -> calls.register(key, stops::incrementAndGet));

        tap.inbound("s", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"abc\"}}");

        assertEquals(1, stops.get());
    }

    @Test
    void aCancelledNotificationOnAnotherChannelCancelsNothing() {
        AtomicInteger stops = new AtomicInteger();
        RunningCalls.Registration registration = calls.register(new RunningCalls.CallKey("s", "7"), stops::incrementAndGet);

        tap.inbound("other", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":7}}");

        assertEquals(0, stops.get());
        assertFalse(registration.cancelled());
    }
}
