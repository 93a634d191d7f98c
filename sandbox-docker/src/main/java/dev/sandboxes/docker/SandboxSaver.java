package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import dev.sandboxes.errors.SandboxNotFoundException;
import dev.sandboxes.spi.SecretNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves a sandbox's state as an image (like {@code docker sandbox save}), to be a template of new
 * sandboxes. The engine's commit merges the container's settings into the image, and a setting can
 * only be overridden, never dropped; so secret variables are saved empty, and the sandbox's own
 * labels (its workspace, its session, everything the library recorded) are saved empty too, for new
 * sandboxes to set their own. The credentials volume is not part of a container's file system, so
 * the agent's login does not go into the image; files in the container do, whatever they hold.
 */
final class SandboxSaver {

    /** The label of a saved image: the sandbox it was saved from. */
    static final String SAVED_FROM = "dev.sandboxes.saved-from";

    private final DockerClient client;
    private final DockerErrors errors;
    private final ContainerLookup lookup;

    SandboxSaver(DockerClient client, DockerErrors errors, ContainerLookup lookup) {
        this.client = client;
        this.errors = errors;
        this.lookup = lookup;
    }

    /** @return the image's id */
    String save(String sandboxId, String image) {
        InspectContainerResponse container = lookup.inspect(sandboxId).orElseThrow(() -> new SandboxNotFoundException(
                "The sandbox " + sandboxId + " does not exist (any more): nothing to save."));
        List<String> env = new ArrayList<>();
        for (String variable : container.getConfig().getEnv() == null ? new String[0] : container.getConfig().getEnv()) {
            String name = variable.contains("=") ? variable.substring(0, variable.indexOf('=')) : variable;
            if (SecretNames.isSecret(name)) {
                env.add(name + "=");
            }
        }
        Map<String, String> labels = new HashMap<>();
        Map<String, String> imageLabels = imageLabels(container.getImageId());
        Map<String, String> containerLabels = container.getConfig().getLabels() == null ? Map.of() : container.getConfig().getLabels();
        containerLabels.forEach((key, value) -> {
            if (!value.equals(imageLabels.get(key)) || key.startsWith("dev.sandboxes")) {
                labels.put(key, "");
            }
        });
        labels.put(SAVED_FROM, container.getName().replaceFirst("^/", ""));
        int colon = image.lastIndexOf(':');
        boolean tagged = colon > image.lastIndexOf('/');
        return errors.call("save sandbox " + sandboxId + " as " + image, () -> client.commitCmd(sandboxId)
                .withRepository(tagged ? image.substring(0, colon) : image)
                .withTag(tagged ? image.substring(colon + 1) : "latest")
                .withEnv(env.toArray(String[]::new))
                .withLabels(labels)
                .withPause(true)
                .exec());
    }

    private Map<String, String> imageLabels(String imageId) {
        InspectImageResponse image = errors.call("inspect image " + imageId, () -> client.inspectImageCmd(imageId).exec());
        Map<String, String> labels = image.getConfig() == null ? null : image.getConfig().getLabels();
        return labels == null ? Map.of() : labels;
    }
}
