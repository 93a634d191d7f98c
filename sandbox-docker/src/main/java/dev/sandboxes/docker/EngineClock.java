package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import dev.sandboxes.errors.SandboxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The engine's own time. The engine stamps containers' times (created, finished) with its clock,
 * which is not this process's when the engine runs in a VM (Docker Desktop) or on another machine:
 * such times are compared with this, never with {@link Instant#now()}. One {@code /info} call.
 */
final class EngineClock {

    private final DockerClient client;
    private final DockerErrors errors;

    EngineClock(DockerClient client, DockerErrors errors) {
        this.client = client;
        this.errors = errors;
    }

    Instant now() {
        return parse(errors.call("read the engine's clock", () -> client.infoCmd().exec().getSystemTime()));
    }

    /** The engine's {@code SystemTime}: RFC 3339 with nanoseconds and an offset, {@code 2026-12-02T13:40:12.123456789Z}. */
    static Instant parse(String systemTime) {
        if (systemTime == null || systemTime.isBlank()) {
            throw new SandboxException("The Docker engine did not tell its time (no SystemTime in /info), so times it"
                    + " recorded cannot be compared with now. Upgrade the engine.");
        }
        try {
            return OffsetDateTime.parse(systemTime).toInstant();
        } catch (DateTimeParseException e) {
            throw new SandboxException("The Docker engine told its time as '" + systemTime + "', which is not an RFC 3339"
                    + " time, so times it recorded cannot be compared with now.", e);
        }
    }
}
