package dev.sandboxes.docker;

import com.github.dockerjava.api.async.ResultCallback;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A docker-java stream callback that keeps a failure for the caller to translate and report,
 * instead of docker-java's default of logging it at ERROR level: the library explains failures
 * itself, and users should not see the same one twice, once as an alarming stack trace.
 *
 * @param <T> the stream's item type
 */
class QuietCallback<T> extends ResultCallback.Adapter<T> {

    private static final Logger LOG = LoggerFactory.getLogger(QuietCallback.class);

    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /**
     * Keeps the first failure only: closing the stream on an error reported inside it makes the
     * reading thread fail too ("stream already closed"), and that second failure says nothing.
     */
    @Override
    public void onError(Throwable throwable) {
        failure.compareAndSet(null, throwable);
        closeQuietly();
    }

    /** Ends the stream early, for example when its time is up. */
    void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            LOG.debug("Closing a Docker stream failed", e);
        }
    }

    /** Throws the stream's failure, if it had one. */
    void rethrowFailure() {
        Throwable failed = failure.get();
        if (failed instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failed instanceof Error error) {
            throw error;
        }
        if (failed != null) {
            throw new IllegalStateException(failed);
        }
    }
}
