package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import dev.sandboxes.SandboxStateException;
import dev.sandboxes.Template;
import dev.sandboxes.TemplateImage;
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

    /** Every build of every template, one entry per hash tag. */
    List<TemplateImage> list() {
        List<Image> images = errors.call("list template images", () -> client.listImagesCmd()
                .withLabelFilter(TemplateBuilder.NAME_LABEL).exec());
        List<TemplateImage> found = new ArrayList<>();
        for (Image image : images) {
            Map<String, String> labels = image.getLabels() == null ? Map.of() : image.getLabels();
            String name = labels.get(TemplateBuilder.NAME_LABEL);
            if (name == null || image.getRepoTags() == null) {
                continue;
            }
            String repository = Template.REPOSITORY + name + ":";
            for (String tag : image.getRepoTags()) {
                if (tag.startsWith(repository) && !tag.endsWith(":latest")) {
                    found.add(new TemplateImage(name, tag, image.getId(),
                            Instant.ofEpochSecond(image.getCreated() == null ? 0 : image.getCreated()),
                            image.getSize() == null ? 0 : image.getSize()));
                }
            }
        }
        return found;
    }

    /**
     * Removes every tag of the template's builds; an image no tag names any more is deleted.
     *
     * @throws SandboxStateException when a sandbox (or another template's build) still uses one
     */
    void remove(String templateName) {
        List<String> tags = new ArrayList<>();
        list().stream().filter(image -> image.name().equals(templateName)).forEach(image -> tags.add(image.tag()));
        if (!tags.isEmpty()) {
            tags.add(Template.REPOSITORY + templateName + ":latest");
        }
        for (String tag : tags) {
            errors.run("remove the template image " + tag, () -> {
                try {
                    client.removeImageCmd(tag).withForce(false).exec();
                } catch (NotFoundException gone) {
                    // Removed meanwhile, or the latest tag was on another build: nothing to do.
                } catch (ConflictException inUse) {
                    throw new SandboxStateException("The template image " + tag + " is still in use: "
                            + DockerErrors.engineMessage(inUse) + ". Remove the sandboxes made from it first.");
                }
            });
        }
    }
}
