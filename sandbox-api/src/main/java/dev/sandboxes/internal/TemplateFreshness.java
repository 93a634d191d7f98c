package dev.sandboxes.internal;

import dev.sandboxes.agents.AgentDefinition;
import dev.sandboxes.agents.Agents;
import dev.sandboxes.core.SandboxInfo;
import dev.sandboxes.core.SandboxLabels;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.spi.LabelCodec;
import dev.sandboxes.templates.Template;
import dev.sandboxes.templates.TemplateSettings;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a sandbox runs on an older build of its template: the image recorded at its creation is
 * not the one its template builds as today (the library was upgraded, or the settings changed).
 */
public final class TemplateFreshness {

    private TemplateFreshness() {
    }

    /**
     * Whether the sandbox with these labels was made from another build of this template than these
     * settings build today: what {@code recreate()} acts on.
     */
    public static boolean outdated(Map<String, String> labels, Template template, TemplateSettings settings) {
        return outdated(labels, template, settings.fingerprint());
    }

    /**
     * Whether the sandbox runs on an older build of its template than this library builds with the
     * settings the sandbox was made with (so a changed setting alone does not count). The template
     * is found from the labels: the agent's as the caller defined it when it is that agent, else as
     * known by name.
     */
    public static boolean outdated(Map<String, String> labels, Optional<AgentDefinition> known) {
        String fingerprint = labels.get(LabelCodec.TEMPLATE_SETTINGS);
        return fingerprint != null
                && templateOf(labels, known).map(template -> outdated(labels, template, fingerprint)).orElse(false);
    }

    /** The info as a runtime gave it, saying whether its template is outdated (see {@link #outdated(Map, Optional)}). */
    public static SandboxInfo marked(SandboxInfo info, Optional<AgentDefinition> known) {
        boolean outdated = outdated(info.labels(), known);
        return outdated == info.templateOutdated() ? info : new SandboxInfo(info.summary(), info.env(), info.mounts(),
                info.dockerSocket(), info.ports(), info.agentUser(), info.workspaceWritable(), outdated, info.limits(),
                info.stoppedAt());
    }

    private static boolean outdated(Map<String, String> labels, Template template, String fingerprint) {
        String built = labels.get(LabelCodec.TEMPLATE_IMAGE);
        return built != null && template instanceof Template.Built buildable
                && template.label().equals(labels.get(SandboxLabels.TEMPLATE))
                && !built.equals(buildable.imageTag(fingerprint));
    }

    /**
     * The built template a sandbox's labels name, when its agent is known here: the agent's own, or
     * it with extra packages ({@code builtin:claude+jq,git}).
     */
    static Optional<Template> templateOf(Map<String, String> labels, Optional<AgentDefinition> known) {
        String label = labels.get(SandboxLabels.TEMPLATE);
        String agentName = labels.get(SandboxLabels.AGENT);
        if (label == null || agentName == null || !label.startsWith(Template.BUILT_PREFIX)) {
            return Optional.empty();
        }
        AgentDefinition agent;
        try {
            agent = known.filter(definition -> definition.name().equals(agentName)).orElseGet(() -> Agents.named(agentName));
        } catch (InvalidSandboxConfigException unknownHere) {
            return Optional.empty();
        }
        int plus = label.indexOf('+');
        String baseLabel = plus < 0 ? label : label.substring(0, plus);
        if (!agent.template().label().equals(baseLabel)) {
            return Optional.empty();
        }
        return Optional.of(plus < 0 ? agent.template()
                : agent.template().withPackages(Arrays.asList(label.substring(plus + 1).split(","))));
    }
}
