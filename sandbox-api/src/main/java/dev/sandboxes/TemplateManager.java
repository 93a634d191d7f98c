package dev.sandboxes;

import dev.sandboxes.agents.AgentDefinition;
import dev.sandboxes.agents.Agents;
import dev.sandboxes.core.SandboxEvent;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.internal.Capabilities;
import dev.sandboxes.internal.SafeListener;
import dev.sandboxes.spi.BuildsTemplates;
import dev.sandboxes.spi.SandboxRuntime;
import dev.sandboxes.templates.Template;
import dev.sandboxes.templates.TemplateBuild;
import dev.sandboxes.templates.TemplateProgress;
import dev.sandboxes.templates.TemplateSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Lists, builds ahead of time and removes the templates of the known agents. A template is built
 * on first use anyway; building ahead saves that wait on the first {@code open()}.
 *
 * <pre>{@code
 * TemplateManager templates = Sandboxes.templates();
 * templates.build("claude", p -> System.out.println(p.kind() + " " + p.message()));  // no-op when built
 * templates.list().forEach(t -> System.out.println(t.name() + " " + (t.built() ? "built" : "not built")));
 * templates.remove("claude");
 * }</pre>
 */
public final class TemplateManager {

    private final SandboxRuntime runtime;
    private final TemplateSettings settings;

    /** Templates on this runtime, built with these settings. */
    public TemplateManager(SandboxRuntime runtime, TemplateSettings settings) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Each known agent's template (and the toolbox they build on): its image as it would be built
     * today, whether that is built, and every build of it on the engine.
     */
    public List<TemplateStatus> list() {
        Map<String, Template.Built> templates = new LinkedHashMap<>();
        templates.put(Template.Built.BASE, Template.builtIn(Template.Built.BASE));
        for (AgentDefinition agent : Agents.all().values()) {
            if (agent.template() instanceof Template.Built built) {
                templates.putIfAbsent(built.name(), built);
            }
        }
        List<TemplateBuild> images = runtime instanceof BuildsTemplates builder ? builder.templateImages() : List.of();
        List<TemplateStatus> statuses = new ArrayList<>();
        for (Template.Built template : templates.values()) {
            String tag = template.imageTag(settings);
            List<TemplateBuild> builds = images.stream().filter(image -> image.name().equals(template.name())).toList();
            statuses.add(new TemplateStatus(template.name(), template.label(), tag,
                    builds.stream().anyMatch(image -> image.tag().equals(tag)), builds));
        }
        return statuses;
    }

    /**
     * Builds the template of an agent (by agent name: {@code claude}) or a shipped template (by its
     * name: {@code base}) unless it is built already.
     *
     * @return the image's tag
     * @throws InvalidSandboxConfigException when no agent or template has that name
     */
    public String build(String name, Consumer<TemplateProgress> progress) {
        Objects.requireNonNull(name, "name");
        Template template = Agents.all().containsKey(name) ? Agents.named(name).template() : Template.builtIn(name);
        return build(template, progress);
    }

    /** Builds a template unless it is built already; an image template is left as it is. */
    public String build(Template template, Consumer<TemplateProgress> progress) {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(progress, "progress");
        if (template instanceof Template.Image image) {
            return image.reference();
        }
        SandboxListener listener = new SandboxListener() {
            @Override
            public void onEvent(SandboxEvent event) {
            }

            @Override
            public void onTemplateProgress(TemplateProgress report) {
                progress.accept(report);
            }
        };
        return Capabilities.require(runtime, BuildsTemplates.class, "build templates")
                .buildTemplate((Template.Built) template, settings, SafeListener.wrap(listener));
    }

    /**
     * Removes every build of a template by its name ({@code claude}).
     *
     * @throws SandboxStateException when a sandbox still uses one: remove that sandbox first
     */
    public void remove(String name) {
        Capabilities.require(runtime, BuildsTemplates.class, "remove template images").removeTemplateImages(Objects.requireNonNull(name, "name"));
    }

    /**
     * One template's state.
     *
     * @param name    its name
     * @param label   how sandboxes' labels name it
     * @param image   its image as built today with this manager's settings
     * @param built   whether that image exists
     * @param builds  every build of it on the engine, older ones included
     */
    public record TemplateStatus(String name, String label, String image, boolean built, List<TemplateBuild> builds) {
        public TemplateStatus {
            builds = List.copyOf(builds);
        }
    }
}
