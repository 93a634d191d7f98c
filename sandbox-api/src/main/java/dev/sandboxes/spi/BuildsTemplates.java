package dev.sandboxes.spi;

import dev.sandboxes.core.SandboxListener;
import java.util.List;

/**
 * A runtime that builds templates from their Dockerfiles (the shipped toolbox and agents' templates
 * among them) and keeps their images; without it, sandboxes are made from images that exist only.
 *
 * <pre>{@code
 * if (runtime instanceof BuildsTemplates builder) builder.buildTemplate(template, settings, listener);
 * }</pre>
 */
public interface BuildsTemplates extends SandboxRuntime {

    /**
     * Makes sure a built template's image exists, building it (and its parents) from its Dockerfile
     * when it does not, with progress told to the listener. Never pulls a built template.
     *
     * @return the image's tag, {@link dev.sandboxes.templates.Template.Built#imageTag}
     * @throws dev.sandboxes.templates.TemplateNotFoundException when the build fails, with the step that failed
     */
    String buildTemplate(dev.sandboxes.templates.Template.Built template, dev.sandboxes.templates.TemplateSettings settings,
                                 SandboxListener listener);

    /** The built template images on the engine, every build of every template. */
    List<dev.sandboxes.templates.TemplateBuild> templateImages();

    /**
     * Removes every build of the template of that name.
     *
     * @throws dev.sandboxes.errors.SandboxStateException when a sandbox still uses one
     */
    void removeTemplateImages(String templateName);
}
