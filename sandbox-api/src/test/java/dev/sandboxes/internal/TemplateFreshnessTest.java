package dev.sandboxes.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.core.SandboxLabels;
import dev.sandboxes.spi.LabelCodec;
import dev.sandboxes.templates.Template;
import dev.sandboxes.templates.TemplateSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TemplateFreshnessTest {

    private static final TemplateSettings SETTINGS = new TemplateSettings("debian:trixie", List.of());

    @Test
    void aSandboxOnTodaysBuildIsCurrentAndOnAnotherBuildIsOutdated() {
        String today = Template.builtIn("claude").imageTag(SETTINGS);
        assertFalse(TemplateFreshness.outdated(labels("claude", "builtin:claude", today), Optional.empty()));
        assertTrue(TemplateFreshness.outdated(labels("claude", "builtin:claude", "sandboxes.invalid/claude:0000000000000000"),
                Optional.empty()));
    }

    @Test
    void extraPackagesAreReadBackFromTheLabel() {
        Template extended = Template.builtIn("claude").withPackages(List.of("g++", "jq"));
        String today = ((Template.Built) extended).imageTag(SETTINGS);
        assertFalse(TemplateFreshness.outdated(labels("claude", extended.label(), today), Optional.empty()));
        assertTrue(TemplateFreshness.outdated(labels("claude", extended.label(), "sandboxes.invalid/claude-extra:1"),
                Optional.empty()));
    }

    @Test
    void imagesUnknownAgentsAndOldSandboxesAreNeverOutdated() {
        assertFalse(TemplateFreshness.outdated(labels("shell", "node:22", "x"), Optional.empty()));
        assertFalse(TemplateFreshness.outdated(labels("someone-elses", "builtin:someone-elses", "x"), Optional.empty()));
        assertFalse(TemplateFreshness.outdated(Map.of(SandboxLabels.AGENT, "claude", SandboxLabels.TEMPLATE, "builtin:claude",
                LabelCodec.TEMPLATE_IMAGE, "x"), Optional.empty()), "made before the settings were recorded");
    }

    @Test
    void theSettingsTheSandboxWasMadeWithDecideNotTodays() {
        TemplateSettings other = SETTINGS.withBaseImage("mirror.example.com/debian:trixie");
        String built = Template.builtIn("claude").imageTag(other);
        Map<String, String> labels = new java.util.HashMap<>(labels("claude", "builtin:claude", built));
        labels.put(LabelCodec.TEMPLATE_SETTINGS, other.fingerprint());
        assertFalse(TemplateFreshness.outdated(labels, Optional.empty()), "made with other settings, on today's build");
        assertTrue(TemplateFreshness.outdated(labels, Template.builtIn("claude"), SETTINGS), "recreate() moves it to these");
    }

    private static Map<String, String> labels(String agent, String template, String image) {
        return Map.of(SandboxLabels.AGENT, agent, SandboxLabels.TEMPLATE, template, LabelCodec.TEMPLATE_IMAGE, image,
                LabelCodec.TEMPLATE_SETTINGS, SETTINGS.fingerprint());
    }
}
