package dev.sandboxes.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.agents.AgentDefinition;
import dev.sandboxes.core.SandboxEvent;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.spi.BuildsTemplates;
import dev.sandboxes.spi.LabelCodec;
import dev.sandboxes.templates.Template;
import dev.sandboxes.templates.TemplateProgress;
import dev.sandboxes.templates.TemplateSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link dev.sandboxes.spi.BuildsTemplates}: a Dockerfile template is built once,
 * recorded, removable only when unused, and a sandbox on an older build says so.
 *
 * <pre>{@code
 * class MyRuntimeContractTest extends SandboxRuntimeContract implements BuildsTemplatesContract { ... }
 * }</pre>
 */
public interface BuildsTemplatesContract extends RuntimeContractSupport {

    /** The runtime under test as a {@link BuildsTemplates}. */
    default BuildsTemplates buildsTemplates() {
        return (BuildsTemplates) runtime();
    }

    @Test
    default void aDockerfileTemplateIsBuiltOnceRecordedAndRemovable() throws IOException {
        // A comment unique to this run, so that the template is new to the runtime and really built.
        String dockerfile = "# contract " + java.util.UUID.randomUUID() + "\nARG BASE\nFROM ${BASE}\nLABEL contract=built\n";
        Template.Built built = new Template.Built("contract-built", dockerfile, Map.of(),
                Optional.of(Template.image(template())));
        AgentDefinition agent = AgentDefinition.builder("contract-agent").template(built)
                .interactive("sh").headless("sh", "-c", AgentDefinition.PROMPT).build();
        TemplateSettings settings = TemplateSettings.fromEnvironment();
        List<TemplateProgress> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        SandboxListener listener = new SandboxListener() {
            public void onEvent(SandboxEvent event) {
            }

            public void onTemplateProgress(TemplateProgress report) {
                progress.add(report);
            }
        };
        String tag = built.imageTag(settings);
        try {
            try (Sandbox first = Sandboxes.forWorkspace(newWorkspace()).agent(agent).runtime(runtime()).listener(listener).open()) {
                assertEquals("builtin:contract-built", first.info().template());
                assertEquals(tag, first.info().labels().get(LabelCodec.TEMPLATE_IMAGE));
                assertFalse(first.info().templateOutdated());
            }
            assertTrue(progress.stream().anyMatch(p -> p.kind() == TemplateProgress.Kind.DONE && p.message().equals(tag)),
                    () -> "no DONE progress for " + tag + " in " + progress);
            assertTrue(buildsTemplates().templateImages().stream().anyMatch(image -> image.tag().equals(tag)));

            progress.clear();
            Path second = newWorkspace();
            try (Sandbox again = Sandboxes.forWorkspace(second).agent(agent).runtime(runtime()).listener(listener).open()) {
                assertEquals(tag, again.info().labels().get(LabelCodec.TEMPLATE_IMAGE));
            }
            assertTrue(progress.isEmpty(), () -> "an unchanged template was built again: " + progress);
            assertThrows(SandboxStateException.class, () -> buildsTemplates().removeTemplateImages("contract-built"));
            assertTrue(buildsTemplates().templateImages().stream().anyMatch(image -> image.tag().equals(tag)),
                    "a refused removal removes nothing");
        } finally {
            removeWhatTheTestMade();
            buildsTemplates().removeTemplateImages("contract-built");
        }
        assertTrue(buildsTemplates().templateImages().stream().noneMatch(image -> image.name().equals("contract-built")));
    }

    @Test
    default void aSandboxOnAnOlderBuildOfItsTemplateSaysSoAndRecreateMovesItToTheNewOne() throws IOException {
        Path workspace = newWorkspace();
        String dockerfile = "# contract " + java.util.UUID.randomUUID() + "\nARG BASE\nFROM ${BASE}\nARG GENERATION\n"
                + "LABEL generation=${GENERATION}\n";
        AgentDefinition first = agentBuiltAs("contract-upgraded", dockerfile, "1");
        AgentDefinition upgraded = agentBuiltAs("contract-upgraded", dockerfile, "2");
        try {
            String firstId;
            try (Sandbox sandbox = Sandboxes.forWorkspace(workspace).agent(first).runtime(runtime()).open()) {
                firstId = sandbox.id();
                assertFalse(sandbox.info().templateOutdated());
            }
            try (Sandbox reopened = Sandboxes.forWorkspace(workspace).agent(upgraded).runtime(runtime()).open()) {
                assertEquals(firstId, reopened.id(), "a newer build of the same template is no conflict");
                assertTrue(reopened.info().templateOutdated());
            }
            try (Sandbox recreated = Sandboxes.forWorkspace(workspace).agent(upgraded).recreate().runtime(runtime()).open()) {
                assertNotEquals(firstId, recreated.id());
                assertFalse(recreated.info().templateOutdated());
                assertEquals(((Template.Built) upgraded.template()).imageTag(TemplateSettings.fromEnvironment()),
                        recreated.info().labels().get(LabelCodec.TEMPLATE_IMAGE));
            }
        } finally {
            removeWhatTheTestMade();
            buildsTemplates().removeTemplateImages("contract-upgraded");
        }
    }

    private AgentDefinition agentBuiltAs(String name, String dockerfile, String generation) {
        Template.Built template = new Template.Built(name, dockerfile, Map.of("GENERATION", generation),
                Optional.of(Template.image(template())));
        return AgentDefinition.builder(name).template(template).interactive("sh")
                .headless("sh", "-c", AgentDefinition.PROMPT).build();
    }
}
