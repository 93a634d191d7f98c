package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.sandboxes.exec.ExecListener;
import dev.sandboxes.exec.ExecRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stream of an engine behind TLS, as docker-java hands it over frame by frame. */
class DockerJavaExecStreamTest {

    private final List<Object> events = new ArrayList<>();

    @Test
    void framesGoToTheCaptureAndTheEndToTheSession() {
        ExecCapture capture = new ExecCapture(ExecRequest.of("sh"));
        DockerJavaExecStream stream = stream(capture);

        stream.onNext(new Frame(StreamType.STDOUT, utf8("out")));
        stream.onNext(new Frame(StreamType.STDERR, utf8("err")));
        stream.onNext(new Frame(StreamType.RAW, utf8(" tty")));
        stream.onComplete();

        assertEquals("out tty", new String(capture.output().stdout(), StandardCharsets.UTF_8));
        assertEquals("err", new String(capture.output().stderr(), StandardCharsets.UTF_8));
        assertEquals(List.of("ended"), events);
    }

    @Test
    void aListenerThatThrowsFailsTheSession() {
        DockerJavaExecStream stream = stream(new ExecCapture(ExecRequest.of("sh").withListener(new ExecListener() {
            @Override
            public void onStdout(byte[] chunk) {
                throw new IllegalStateException("bug");
            }
        })));

        stream.onNext(new Frame(StreamType.STDOUT, utf8("out")));

        assertEquals(1, events.size());
        assertEquals(ListenerFailedException.class, events.get(0).getClass());
    }

    @Test
    void aFailureOfTheStreamGoesToTheSession() {
        RuntimeException failure = new RuntimeException("cut");

        stream(new ExecCapture(ExecRequest.of("sh"))).onError(failure);

        assertEquals(1, events.size());
        assertSame(failure, events.get(0));
    }

    private DockerJavaExecStream stream(ExecCapture capture) {
        return new DockerJavaExecStream(capture, () -> events.add("ended"), events::add, events::add);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
