package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.exec.ExecListener;
import dev.sandboxes.exec.ExecRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Output on its way to the caller's listener and into the result's captures. */
class ExecCaptureTest {

    @Test
    void eachStreamGoesToItsCaptureAndToTheListener() {
        List<String> heard = new ArrayList<>();
        ExecCapture capture = new ExecCapture(ExecRequest.of("sh").withListener(new ExecListener() {
            @Override
            public void onStdout(byte[] chunk) {
                heard.add("out:" + new String(chunk, StandardCharsets.UTF_8));
            }

            @Override
            public void onStderr(byte[] chunk) {
                heard.add("err:" + new String(chunk, StandardCharsets.UTF_8));
            }
        }));

        deliver(capture, false, "one ");
        deliver(capture, true, "oops");
        deliver(capture, false, "two");

        ExecOutcome.Output output = capture.output();
        assertEquals(List.of("out:one ", "err:oops", "out:two"), heard);
        assertArrayEquals(utf8("one two"), output.stdout());
        assertArrayEquals(utf8("oops"), output.stderr());
        assertEquals("one two", output.stdoutHead());
        assertFalse(output.truncated());
    }

    @Test
    void theListenerGetsACopyOfItsOwnAsTheChunkIsReused() {
        List<byte[]> heard = new ArrayList<>();
        ExecCapture capture = new ExecCapture(ExecRequest.of("sh").withListener(new ExecListener() {
            @Override
            public void onStdout(byte[] chunk) {
                heard.add(chunk);
            }
        }));
        byte[] chunk = utf8("abcdef");

        capture.deliver(false, chunk, 3);
        chunk[0] = 'X';

        assertArrayEquals(utf8("abc"), heard.get(0));
    }

    @Test
    void capturesStopAtTheOutputLimitWhileTheListenerHearsAll() {
        StringBuilder heard = new StringBuilder();
        ExecCapture capture = new ExecCapture(ExecRequest.of("yes").withOutputLimit(4)
                .withListener(ExecListener.lines(heard::append, line -> { })));

        deliver(capture, false, "y\ny\ny\n");

        assertArrayEquals(utf8("y\ny\n"), capture.output().stdout());
        assertTrue(capture.output().truncated());
        assertEquals("yyy", heard.toString());
    }

    @Test
    void theHeadKeepsTheFirstKiBWhateverTheLimit() {
        ExecCapture capture = new ExecCapture(ExecRequest.of("sh").withOutputLimit(1));
        String kib = "x".repeat(1024);

        deliver(capture, false, kib + "more");

        assertEquals(kib, capture.output().stdoutHead());
    }

    @Test
    void aListenerThatThrowsIsTheCallersFailure() {
        IllegalStateException bug = new IllegalStateException("bug");
        ExecCapture capture = new ExecCapture(ExecRequest.of("sh").withListener(new ExecListener() {
            @Override
            public void onStderr(byte[] chunk) {
                throw bug;
            }
        }));

        ListenerFailedException e = assertThrows(ListenerFailedException.class, () -> deliver(capture, true, "x"));

        assertSame(bug, e.getCause());
        assertEquals("The output listener of sh threw " + bug + "; the command was killed.", e.getMessage());
    }

    private static void deliver(ExecCapture capture, boolean toStderr, String text) {
        byte[] bytes = utf8(text);
        capture.deliver(toStderr, bytes, bytes.length);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
