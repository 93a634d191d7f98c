package dev.sandboxes.docker;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.util.function.Consumer;

/**
 * An exec's stream through docker-java, for engines behind TLS whose connections cannot be
 * hijacked: docker-java decodes the frames; they go to the capture, and the stream's end or
 * failure to the session.
 */
final class DockerJavaExecStream extends QuietCallback<Frame> {

    private final ExecCapture capture;
    private final Runnable ended;
    private final Consumer<ListenerFailedException> listenerFailed;
    private final Consumer<Throwable> broke;

    DockerJavaExecStream(ExecCapture capture, Runnable ended, Consumer<ListenerFailedException> listenerFailed,
                         Consumer<Throwable> broke) {
        this.capture = capture;
        this.ended = ended;
        this.listenerFailed = listenerFailed;
        this.broke = broke;
    }

    @Override
    public void onNext(Frame frame) {
        byte[] payload = frame.getPayload();
        try {
            capture.deliver(frame.getStreamType() == StreamType.STDERR, payload, payload.length);
        } catch (ListenerFailedException e) {
            listenerFailed.accept(e);
            closeQuietly();
        }
    }

    @Override
    public void onComplete() {
        super.onComplete();
        ended.run();
    }

    @Override
    public void onError(Throwable throwable) {
        super.onError(throwable);
        broke.accept(throwable);
    }
}
