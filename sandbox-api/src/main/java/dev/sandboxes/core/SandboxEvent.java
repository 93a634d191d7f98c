package dev.sandboxes.core;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened in a sandbox's life, as told to a {@link SandboxListener}.
 *
 * <pre>{@code
 * Sandboxes.forWorkspace(dir).listener(e -> log.info("{} {}", e.type(), e.name())).open();
 * }</pre>
 *
 * @param type      what happened
 * @param sandboxId the sandbox's id; empty for {@link Type#CREATING}, when there is none yet
 * @param name      the sandbox's name
 * @param workspace the workspace's real path
 * @param time      when it happened
 */
public record SandboxEvent(Type type, String sandboxId, String name, Path workspace, Instant time) {

    /** The kinds of lifecycle events. */
    public enum Type {
        /** No sandbox existed for the workspace; one is being created. */
        CREATING,
        /** The container exists and holds everything it needs; not yet started. */
        CREATED,
        /** The sandbox was started (after creation, or after being stopped). */
        STARTED,
        /** An existing, running sandbox was reused as it is. */
        REUSED,
        /** The sandbox was stopped. */
        STOPPED,
        /** The sandbox was stopped for running no command for its idle time; its next use starts it again. */
        IDLE_STOPPED,
        /** The sandbox was removed. */
        REMOVED
    }

    public SandboxEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sandboxId, "sandboxId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(time, "time");
    }

    /** An event that happens now. */
    public static SandboxEvent now(Type type, String sandboxId, String name, Path workspace) {
        return new SandboxEvent(type, sandboxId, name, workspace, Instant.now());
    }
}
