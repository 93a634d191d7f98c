package dev.sandboxes.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.SandboxLabels;
import dev.sandboxes.Template;
import dev.sandboxes.TemplateSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TemplateFreshnessTest {

    private static final TemplateSettings SETTINGS = new TemplateSettings("debian:trixie", List.of());

    @Test
    void aSandboxOnTodaysBuildIsCurrentAndOnAnotherBuildIsOutdated() {
        String today = Template.builtIn("claude").imageTag(SETTINGS);
        assertFalse(TemplateFreshness.outdated(labels("claude", "builtin:claude", today), Optional.empty(), SETTINGS));
        assertTrue(TemplateFreshness.outdated(labels("claude", "builtin:claude", "sandboxes.local/claude:0000000000000000"),
                Optional.empty(), SETTINGS));
    }

    @Test
    void extraPackagesAreReadBackFromTheLabel() {
        Template extended = Template.builtIn("claude").withPackages(List.of("g++", "jq"));
        String today = ((Template.Built) extended).imageTag(SETTINGS);
        assertFalse(TemplateFreshness.outdated(labels("claude", extended.label(), today), Optional.empty(), SETTINGS));
        assertTrue(TemplateFreshness.outdated(labels("claude", extended.label(), "sandboxes.local/claude-extra:1"),
                Optional.empty(), SETTINGS));
    }

    @Test
    void imagesUnknownAgentsAndOldSandboxesAreNeverOutdated() {
        assertFalse(TemplateFreshness.outdated(labels("shell", "node:22", "x"), Optional.empty(), SETTINGS));
        assertFalse(TemplateFreshness.outdated(labels("someone-elses", "builtin:someone-elses", "x"), Optional.empty(), SETTINGS));
        assertFalse(TemplateFreshness.outdated(Map.of(SandboxLabels.AGENT, "claude", SandboxLabels.TEMPLATE, "builtin:claude"),
                Optional.empty(), SETTINGS));
    }

    private static Map<String, String> labels(String agent, String template, String image) {
        return Map.of(SandboxLabels.AGENT, agent, SandboxLabels.TEMPLATE, template, SandboxLabels.TEMPLATE_IMAGE, image);
    }
}
