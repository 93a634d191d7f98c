package dev.sandboxes.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;
import dev.sandboxes.errors.RuntimeUnavailableException;
import dev.sandboxes.errors.SandboxException;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * Translates what docker-java throws into the library's exceptions, so that no Docker type ever
 * reaches a user. docker-java reports an engine's refusal as a {@link DockerException} with an HTTP
 * status, and a broken connection as a plain {@link RuntimeException} around an {@link IOException}.
 */
final class DockerErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DockerEndpoint endpoint;

    DockerErrors(DockerEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Runs one call to the engine; {@code action} completes "while trying to …". */
    <T> T call(String action, Supplier<T> call) {
        try {
            return call.get();
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
        if (causedByIo(e)) {
            return new RuntimeUnavailableException("Lost the Docker engine at " + endpoint.host() + " ("
                    + endpoint.source() + ") while trying to " + action + ": " + rootMessage(e)
                    + ". Check that Docker is running.", e);
        }
        return new SandboxException("Unexpected failure while trying to " + action + " on the Docker engine at "
                + endpoint.host() + ": " + rootMessage(e), e);
    }

    /** The engine's own words: docker-java puts its JSON body, {@code {"message":"…"}}, in the message. */
    static String engineMessage(DockerException e) {
        String message = String.valueOf(e.getMessage());
        int body = message.indexOf('{');
        if (body >= 0) {
            try {
                JsonNode json = JSON.readTree(message.substring(body));
                if (json.hasNonNull("message")) {
                    return json.get("message").asText();
                }
            } catch (IOException notJson) {
                // Not the engine's JSON: fall back to the whole text.
            }
        }
        return message.strip();
    }

    static String rootMessage(Throwable e) {
        Throwable root = rootCause(e);
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
