package dev.sandboxes.docker;

import com.github.dockerjava.api.exception.DockerException;
import dev.sandboxes.RuntimeUnavailableException;
import dev.sandboxes.SandboxException;
import java.util.function.Supplier;

/**
 * Translates what docker-java throws into the library's exceptions, so that no Docker type ever
 * reaches a user. docker-java reports an engine's refusal as a {@link DockerException} with an HTTP
 * status, and a broken connection as a plain {@link RuntimeException} wrapping an I/O error.
 */
final class DockerErrors {

    private final DockerEndpoint endpoint;

    DockerErrors(DockerEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Runs one call to the engine; {@code action} completes "while trying to …". */
    <T> T call(String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (SandboxException e) {
            throw e;
        } catch (RuntimeException e) {
            throw translate(action, e);
        }
    }

    void run(String action, Runnable call) {
        call(action, () -> {
            call.run();
            return null;
        });
    }

    SandboxException translate(String action, RuntimeException e) {
        if (e instanceof SandboxException sandboxException) {
            return sandboxException;
        }
        if (e instanceof DockerException docker) {
            return new SandboxException("The Docker engine at " + endpoint.host() + " refused to " + action
                    + " (HTTP " + docker.getHttpStatus() + "): " + engineMessage(docker), e);
        }
        return new RuntimeUnavailableException("Lost the Docker engine at " + endpoint.host() + " (" + endpoint.source()
                + ") while trying to " + action + ": " + rootMessage(e) + ". Check that Docker is running.", e);
    }

    /** docker-java puts the engine's JSON body in the message; keep only its "message" field. */
    static String engineMessage(DockerException e) {
        String message = String.valueOf(e.getMessage());
        int start = message.indexOf("\"message\":\"");
        if (start >= 0) {
            int from = start + "\"message\":\"".length();
            int end = message.indexOf('"', from);
            return end > from ? message.substring(from, end) : message.substring(from);
        }
        return message.strip();
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
