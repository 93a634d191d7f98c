package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.sandboxes.core.SandboxInfo;
import dev.sandboxes.core.SandboxLabels;
import dev.sandboxes.core.SandboxSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the library's containers and maps them to the API's types. Every query filters on the
 * marker label, so containers that are not sandboxes are never seen, whatever their name; and every
 * mapping happens inside the error translation, so odd engine answers never escape raw.
 */
final class ContainerLookup {

    private final DockerClient client;
    private final DockerErrors errors;

    ContainerLookup(DockerClient client, DockerErrors errors) {
        this.client = client;
        this.errors = errors;
    }

    List<SandboxSummary> all() {
        return errors.call("list sandboxes", () -> list(Map.of(SandboxLabels.MARKER, "true")).stream()
                .map(ContainerMapper::summary).toList());
    }

    /**
     * The workspace's sandbox: one list call filtered by label, which is all a warm open costs. Were
     * there ever two (created at once under two names), every opener takes the same one: the oldest,
     * last in the engine's newest-first order.
     */
    Optional<SandboxSummary> byWorkspace(Path workspace) {
        return errors.call("find the sandbox of " + workspace, () -> {
            var found = list(Map.of(SandboxLabels.MARKER, "true", SandboxLabels.WORKSPACE, workspace.toString()));
            return found.isEmpty() ? Optional.empty() : Optional.of(ContainerMapper.summary(found.get(found.size() - 1)));
        });
    }

    /** A sandbox by full id; empty when gone or when the container is not a sandbox. */
    Optional<SandboxSummary> summary(String id) {
        return errors.call("inspect sandbox " + id, () -> inspectSandbox(id).map(ContainerMapper::summary));
    }

    /** Everything about a sandbox by full id; empty when gone or when the container is not a sandbox. */
    Optional<SandboxInfo> info(String id) {
        return errors.call("inspect sandbox " + id, () -> inspectSandbox(id).map(ContainerMapper::info));
    }

    /** The engine's full view of a sandbox, for the runtime's own checks. */
    Optional<InspectContainerResponse> inspect(String id) {
        return errors.call("inspect sandbox " + id, () -> inspectSandbox(id));
    }

    /** A container of exactly this name, sandbox or not, to explain name clashes. */
    Optional<InspectContainerResponse> anyByName(String name) {
        return errors.call("inspect container " + name, () -> inspectAny(name));
    }

    private Optional<InspectContainerResponse> inspectSandbox(String id) {
        return inspectAny(id).filter(c -> c.getConfig() != null && c.getConfig().getLabels() != null
                && "true".equals(c.getConfig().getLabels().get(SandboxLabels.MARKER)));
    }

    private Optional<InspectContainerResponse> inspectAny(String idOrName) {
        try {
            return Optional.of(client.inspectContainerCmd(idOrName).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private List<com.github.dockerjava.api.model.Container> list(Map<String, String> labels) {
        return client.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec();
    }
}
