package dev.sandboxes.templates;

import java.time.Instant;
import java.util.Objects;

/**
 * One built template image on the engine.
 *
 * <pre>{@code
 * for (TemplateBuild image : Sandboxes.templates().images()) System.out.println(image.tag() + " " + image.sizeBytes());
 * }</pre>
 *
 * @param name      the template's name, such as {@code claude}
 * @param tag       the image's tag, {@code sandboxes.invalid/claude:<hash>}
 * @param imageId   the engine's id of the image
 * @param created   when it was built
 * @param sizeBytes its size on the engine
 */
public record TemplateBuild(String name, String tag, String imageId, Instant created, long sizeBytes) {

    public TemplateBuild {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(created, "created");
    }
}
