package dev.sandboxes.internal;

import dev.sandboxes.AgentDefinition;
import dev.sandboxes.Agents;
import dev.sandboxes.InvalidSandboxConfigException;
import dev.sandboxes.SandboxLabels;
import dev.sandboxes.Template;
import dev.sandboxes.TemplateSettings;
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
        String fingerprint = labels.get(SandboxLabels.TEMPLATE_SETTINGS);
        return fingerprint != null
                && templateOf(labels, known).map(template -> outdated(labels, template, fingerprint)).orElse(false);
    }

    private static boolean outdated(Map<String, String> labels, Template template, String fingerprint) {
        String built = labels.get(SandboxLabels.TEMPLATE_IMAGE);
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
