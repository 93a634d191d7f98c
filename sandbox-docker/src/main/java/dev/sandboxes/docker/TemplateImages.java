package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.templates.Template;
import dev.sandboxes.templates.TemplateBuild;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Lists and removes the built template images, found by the label every build carries. */
final class TemplateImages {

    private final DockerClient client;
    private final DockerErrors errors;

    TemplateImages(DockerClient client, DockerErrors errors) {
        this.client = client;
        this.errors = errors;
    }

    /**
     * Every build of every template: one entry per hash tag, and one for a build that has only its
     * {@code latest} tag left, so that every build can be seen and removed.
     */
    List<TemplateBuild> list() {
        List<TemplateBuild> found = new ArrayList<>();
        for (Image image : images()) {
            String name = nameOf(image);
            List<String> tags = tagsOf(image, name);
            List<String> hashTags = tags.stream().filter(tag -> !tag.endsWith(":latest")).toList();
            for (String tag : hashTags.isEmpty() ? tags : hashTags) {
                found.add(new TemplateBuild(name, tag, image.getId(),
                        Instant.ofEpochSecond(image.getCreated() == null ? 0 : image.getCreated()),
                        image.getSize() == null ? 0 : image.getSize()));
            }
        }
        return found;
    }

    /**
     * Removes every build of a template: first makes sure no container uses one, then removes each
     * build's tags (the image goes with its last tag).
     *
     * @throws SandboxStateException when a container (a sandbox, say) uses one; nothing is removed then
     */
    void remove(String templateName) {
        List<Image> builds = images().stream().filter(image -> templateName.equals(nameOf(image))).toList();
        for (Image build : builds) {
            List<Container> users = errors.call("list the containers of template image " + build.getId(), () ->
                    client.listContainersCmd().withShowAll(true).withAncestorFilter(List.of(build.getId())).exec());
            if (!users.isEmpty()) {
                throw new SandboxStateException("The template " + templateName + " is still in use by "
                        + String.join(", ", users.stream().map(TemplateImages::containerName).toList())
                        + ". Remove those sandboxes (or containers) first.");
            }
        }
        for (Image build : builds) {
            for (String tag : tagsOf(build, templateName)) {
                errors.run("remove the template image " + tag, () -> {
                    try {
                        client.removeImageCmd(tag).withForce(false).exec();
                    } catch (NotFoundException gone) {
                        // Removed meanwhile: nothing to do.
                    } catch (ConflictException inUse) {
                        throw new SandboxStateException("The template image " + tag + " could not be removed: "
                                + DockerErrors.engineMessage(inUse) + ".");
                    }
                });
            }
        }
    }

    /** Built templates: the label with a name (a sandbox saved as an image carries it empty). */
    private List<Image> images() {
        return errors.call("list template images", () -> client.listImagesCmd()
                .withLabelFilter(TemplateBuilder.NAME_LABEL).exec()).stream().filter(image -> !nameOf(image).isEmpty()).toList();
    }

    private static String nameOf(Image image) {
        Map<String, String> labels = image.getLabels() == null ? Map.of() : image.getLabels();
        return labels.getOrDefault(TemplateBuilder.NAME_LABEL, "");
    }

    /** The image's tags in the template's own repository (a user may have tagged it otherwise too). */
    private static List<String> tagsOf(Image image, String name) {
        String repository = Template.REPOSITORY + name + ":";
        return image.getRepoTags() == null ? List.of()
                : List.of(image.getRepoTags()).stream().filter(tag -> tag.startsWith(repository)).toList();
    }

    private static String containerName(Container container) {
        return container.getNames() != null && container.getNames().length > 0
                ? container.getNames()[0].replaceFirst("^/", "") : container.getId().substring(0, 12);
    }
}
