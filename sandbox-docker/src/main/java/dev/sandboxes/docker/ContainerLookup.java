package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.sandboxes.SandboxLabels;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the library's containers. Every query filters on the marker label, so containers that are
 * not sandboxes are never seen, whatever their name.
 */
final class ContainerLookup {

    private final DockerClient client;
    private final DockerErrors errors;

    ContainerLookup(DockerClient client, DockerErrors errors) {
        this.client = client;
        this.errors = errors;
    }

    List<Container> all() {
        return list(Map.of(SandboxLabels.MARKER, "true"));
    }

    /** The workspace's container: one list call filtered by label, which is what a warm open costs. */
    Optional<Container> byWorkspace(Path workspace) {
        List<Container> found = list(Map.of(SandboxLabels.MARKER, "true", SandboxLabels.WORKSPACE, workspace.toString()));
        // Only one can exist (creation goes through one name), unless someone renamed one: take the oldest.
        return found.stream().min(Comparator.comparing(c -> c.getCreated() == null ? 0L : c.getCreated()));
    }

    /** A container of exactly this name, sandbox or not, to explain name clashes. */
    Optional<InspectContainerResponse> anyByName(String name) {
        return inspectAny(name);
    }

    /** A sandbox by full id; empty when gone or when the container is not a sandbox. */
    Optional<InspectContainerResponse> inspect(String id) {
        return inspectAny(id).filter(c -> c.getConfig().getLabels() != null
                && "true".equals(c.getConfig().getLabels().get(SandboxLabels.MARKER)));
    }

    private Optional<InspectContainerResponse> inspectAny(String idOrName) {
        return errors.call("inspect container " + idOrName, () -> {
            try {
                return Optional.of(client.inspectContainerCmd(idOrName).exec());
            } catch (NotFoundException e) {
                return Optional.empty();
            }
        });
    }

    private List<Container> list(Map<String, String> labels) {
        return errors.call("list sandboxes", () -> client.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec());
    }
}
