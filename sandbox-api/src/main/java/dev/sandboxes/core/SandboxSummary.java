package dev.sandboxes.core;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One sandbox as listed: what {@code sandbox ls} shows. Cheap to obtain (one lookup for all).
 *
 * <pre>{@code
 * for (SandboxSummary s : Sandboxes.list()) {
 *     System.out.println(s.id() + " " + s.workspace() + " " + s.status());
 * }
 * }</pre>
 *
 * @param id        the sandbox's full id (the container id on Docker)
 * @param name      its unique name
 * @param workspace the workspace's real path, mounted at the same path inside
 * @param agent     the agent it was created for
 * @param template  the template image, as requested at creation
 * @param status    its current status
 * @param created   when it was created
 * @param labels    every label it carries, the library's and the image's
 */
public record SandboxSummary(String id, String name, Path workspace, String agent, String template,
                             SandboxStatus status, Instant created, Map<String, String> labels) {

    public SandboxSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(created, "created");
        labels = Map.copyOf(labels);
    }

    /** The first twelve characters of the id, as Docker shows them. */
    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
