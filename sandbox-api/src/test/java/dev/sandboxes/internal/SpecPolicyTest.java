package dev.sandboxes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandboxes;
import dev.sandboxes.core.Mount;
import dev.sandboxes.core.SandboxLabels;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.network.PublishedPort;
import dev.sandboxes.spi.LabelCodec;
import dev.sandboxes.spi.SandboxSpec;
import dev.sandboxes.templates.Template;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How a spec's settings are written into labels at creation, and how a later spec is compared with
 * them. Specs are built directly: the builder's own checks are tested elsewhere.
 */
class SpecPolicyTest {

    private static final Mount FIXTURES = new Mount(Path.of("/data/fixtures"), "/fixtures", true);
    private static final Mount CACHE = new Mount(Path.of("/data/cache"), "/cache", false);

    /** A spec with every optional setting unset; each test sets what it is about. */
    private static final class Spec {
        private Optional<String> inode = Optional.of("4242");
        private Optional<String> agent = Optional.empty();
        private Optional<Template> template = Optional.of(Template.image("debian:trixie"));
        private Optional<Map<String, String>> env = Optional.empty();
        private Optional<List<Mount>> mounts = Optional.empty();
        private Optional<Boolean> dockerSocket = Optional.empty();
        private Optional<List<PublishedPort>> ports = Optional.empty();

        Spec noInode() {
            inode = Optional.empty();
            return this;
        }

        Spec agent(String value) {
            agent = Optional.of(value);
            return this;
        }

        Spec template(String value) {
            template = Optional.of(Template.image(value));
            return this;
        }

        Spec noTemplate() {
            template = Optional.empty();
            return this;
        }

        Spec env(Map<String, String> value) {
            env = Optional.of(value);
            return this;
        }

        Spec mounts(Mount... value) {
            mounts = Optional.of(List.of(value));
            return this;
        }

        Spec ports(PublishedPort... value) {
            ports = Optional.of(List.of(value));
            return this;
        }

        Spec dockerSocket(boolean value) {
            dockerSocket = Optional.of(value);
            return this;
        }

        SandboxSpec build() {
            return SandboxSpec.builder(Path.of("/work/project"), "/work/project", "sandbox-project-0123456789",
                            dev.sandboxes.agents.Agents.named(agent.orElse("shell")), SpecPolicy.INSTANCE)
                    .workspaceInode(inode).agent(agent).template(template).env(env).mounts(mounts)
                    .dockerSocket(dockerSocket).ports(ports).build();
        }
    }

    private static Spec spec() {
        return new Spec();
    }

    /** A spec with every setting asked for. */
    private static SandboxSpec everythingSet() {
        return spec().agent("claude").template("node:22").env(Map.of("APP_ENV", "dev", "API_TOKEN", "t0ken"))
                .mounts(FIXTURES, CACHE).dockerSocket(true).build();
    }

    private static Map<String, String> labelsOf(Spec spec) {
        return SpecPolicy.INSTANCE.forCreation(spec.build());
    }

    // ---------------------------------------------------------------- forCreation

    @Test
    void forCreationWritesTheMarker() {
        assertEquals("true", labelsOf(spec()).get(SandboxLabels.MARKER));
    }

    @Test
    void forCreationWritesTheWorkspace() {
        SandboxSpec spec = spec().build();
        assertEquals(spec.workspace().toString(), SpecPolicy.INSTANCE.forCreation(spec).get(SandboxLabels.WORKSPACE));
    }

    @Test
    void forCreationWritesTheInodeWhenKnownAndOmitsItOtherwise() {
        assertEquals("4242", labelsOf(spec()).get(LabelCodec.WORKSPACE_INODE));
        assertFalse(labelsOf(spec().noInode()).containsKey(LabelCodec.WORKSPACE_INODE));
    }

    @Test
    void forCreationWritesTheShellAgentWhenNoneWasAskedFor() {
        assertEquals("shell", labelsOf(spec()).get(SandboxLabels.AGENT));
        assertEquals("codex", labelsOf(spec().agent("codex")).get(SandboxLabels.AGENT));
    }

    @Test
    void forCreationWritesTheTemplate() {
        assertEquals("node:22", labelsOf(spec().template("node:22")).get(SandboxLabels.TEMPLATE));
    }

    @Test
    void forCreationWritesTheLibraryVersion() {
        String version = labelsOf(spec()).get(SandboxLabels.VERSION);
        assertEquals(Sandboxes.version(), version);
        assertFalse(version.isBlank());
    }

    @Test
    void envDigestHoldsTheNamesButNeverTheValues() {
        String digest = labelsOf(spec().env(Map.of("API_TOKEN", "s3cr3t-value", "APP_ENV", "production")))
                .get(LabelCodec.ENV_DIGEST);

        assertTrue(digest.contains("API_TOKEN"), digest);
        assertTrue(digest.contains("APP_ENV"), digest);
        assertFalse(digest.contains("s3cr3t-value"), digest);
        assertFalse(digest.contains("production"), digest);
    }

    @Test
    void envDigestDiffersWhenOnlyAValueDiffers() {
        String one = labelsOf(spec().env(Map.of("APP_ENV", "dev"))).get(LabelCodec.ENV_DIGEST);
        String other = labelsOf(spec().env(Map.of("APP_ENV", "prod"))).get(LabelCodec.ENV_DIGEST);

        assertFalse(one.equals(other), one);
    }

    @Test
    void mountsAreEncodedAndDecodedBack() {
        Map<String, String> labels = labelsOf(spec().mounts(FIXTURES, CACHE));

        assertEquals(List.of(FIXTURES, CACHE), LabelCodec.mounts(labels));
    }

    @Test
    void noMountsDecodeToAnEmptyList() {
        assertEquals(List.of(), LabelCodec.mounts(labelsOf(spec())));
        assertEquals(List.of(), LabelCodec.mounts(Map.of()), "labels of a sandbox made without the label");
    }

    @Test
    void forCreationWritesTheDockerSocketFlag() {
        assertEquals("true", labelsOf(spec().dockerSocket(true)).get(LabelCodec.DOCKER_SOCKET));
        assertEquals("false", labelsOf(spec()).get(LabelCodec.DOCKER_SOCKET));
    }

    @Test
    void forCreationWithoutATemplateRecordsTheAgentsBuiltInTemplate() {
        assertEquals("builtin:claude", labelsOf(spec().agent("claude").noTemplate()).get(SandboxLabels.TEMPLATE));
        assertEquals("builtin:base", labelsOf(spec().noTemplate()).get(SandboxLabels.TEMPLATE));
    }

    @Test
    void sudoAndTheOciRuntimeAreFixedAtCreationWhenAsked() {
        Map<String, String> labels = labelsOf(spec());
        assertEquals("true", labels.get(LabelCodec.SUDO));
        assertEquals("", labels.get(LabelCodec.OCI_RUNTIME));
        SandboxSpec asking = SandboxSpec.builder(Path.of("/work/project"), "/work/project", "sandbox-project-0123456789",
                        dev.sandboxes.agents.Agents.named("shell"), SpecPolicy.INSTANCE)
                .template(Optional.of(Template.image("debian:trixie"))).sudo(Optional.of(false)).ociRuntime(Optional.of("runsc"))
                .build();
        assertEquals(List.of("sudo: asked for \"false\", sandbox has \"true\"",
                "OCI runtime: asked for \"runsc\", sandbox has \"\""), SpecPolicy.INSTANCE.differences(asking, labels));
    }

    @Test
    void forCreationRecordsTheCredentialModeAndDefaultsToTheSandboxVolume() {
        assertEquals("sandbox", labelsOf(spec()).get(LabelCodec.CREDENTIALS));
    }

    @Test
    void envNamesAreReturnedSorted() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ZED", "1");
        env.put("ALPHA", "2");
        env.put("MIDDLE", "3");

        assertEquals(List.of("ALPHA", "MIDDLE", "ZED"), LabelCodec.envNames(labelsOf(spec().env(env))));
    }

    @Test
    void envNamesOfLabelsWithoutEnvAreEmpty() {
        assertEquals(List.of(), LabelCodec.envNames(labelsOf(spec())));
        assertEquals(List.of(), LabelCodec.envNames(Map.of()));
    }

    // ---------------------------------------------------------------- differences

    @Test
    void specHasNoDifferencesWithItsOwnLabels() {
        SandboxSpec spec = everythingSet();

        assertEquals(List.of(), SpecPolicy.INSTANCE.differences(spec, SpecPolicy.INSTANCE.forCreation(spec)));
    }

    @Test
    void unsetSettingsNeverDiffer() {
        // A reopen without settings accepts whatever the sandbox was created with.
        Map<String, String> labels = SpecPolicy.INSTANCE.forCreation(everythingSet());

        assertEquals(List.of(), SpecPolicy.INSTANCE.differences(spec().noTemplate().build(), labels));
    }

    @Test
    void changedAgentIsOneLineNamingBothAgents() {
        Map<String, String> labels = labelsOf(spec().agent("claude"));

        List<String> differences = SpecPolicy.INSTANCE.differences(spec().agent("gemini").build(), labels);

        assertEquals(1, differences.size(), differences::toString);
        assertTrue(differences.get(0).contains("gemini") && differences.get(0).contains("claude"), differences::toString);
    }

    @Test
    void askingForTheDefaultAgentDiffersFromAnotherAgent() {
        Map<String, String> labels = labelsOf(spec().agent("claude"));

        List<String> differences = SpecPolicy.INSTANCE.differences(spec().agent("shell").build(), labels);

        assertEquals(1, differences.size(), differences::toString);
    }

    @Test
    void changedTemplateIsOneLineNamingBothTemplates() {
        Map<String, String> labels = labelsOf(spec().template("node:22"));

        List<String> differences = SpecPolicy.INSTANCE.differences(spec().template("node:20").build(), labels);

        assertEquals(1, differences.size(), differences::toString);
        assertTrue(differences.get(0).contains("node:22") && differences.get(0).contains("node:20"),
                differences::toString);
    }

    @Test
    void addedEnvVariableIsNamedWithoutItsValue() {
        Map<String, String> labels = labelsOf(spec().env(Map.of("APP_ENV", "dev")));

        List<String> differences = SpecPolicy.INSTANCE.differences(
                spec().env(Map.of("APP_ENV", "dev", "NEW_VAR", "new-value")).build(), labels);

        assertEquals(1, differences.size(), differences::toString);
        assertTrue(differences.get(0).contains("NEW_VAR"), differences::toString);
        assertFalse(differences.get(0).contains("new-value"), differences::toString);
    }

    @Test
    void removedEnvVariableIsNamedWithoutItsValue() {
        Map<String, String> labels = labelsOf(spec().env(Map.of("APP_ENV", "dev", "OLD_VAR", "old-value")));

        List<String> differences = SpecPolicy.INSTANCE.differences(spec().env(Map.of("APP_ENV", "dev")).build(), labels);

        assertEquals(1, differences.size(), differences::toString);
        assertTrue(differences.get(0).contains("OLD_VAR"), differences::toString);
        assertFalse(differences.get(0).contains("old-value"), differences::toString);
    }

    @Test
    void emptyEnvDiffersFromASandboxWithVariables() {
        // env(Map.of()) asks for a sandbox without any variable: existing ones are differences.
        Map<String, String> labels = labelsOf(spec().env(Map.of("APP_ENV", "dev")));

        List<String> differences = SpecPolicy.INSTANCE.differences(spec().env(Map.of()).build(), labels);

        assertEquals(1, differences.size(), differences::toString);
        assertTrue(differences.get(0).contains("APP_ENV"), differences::toString);
    }

    @Test
    void changedEnvValueIsNamedWithoutEitherValue() {
        Map<String, String> labels = labelsOf(spec().env(Map.of("DB_PASSWORD", "value-one")));

        List<String> differences = SpecPolicy.INSTANCE.differences(spec().env(Map.of("DB_PASSWORD", "value-two")).build(),
                labels);

        assertEquals(1, differences.size(), differences::toString);
        String line = differences.get(0);
        assertTrue(line.contains("DB_PASSWORD"), line);
        assertFalse(line.contains("value-one") || line.contains("value-two"), line);
    }

    @Test
    void changedMountsAreADifference() {
        Map<String, String> labels = labelsOf(spec().mounts(FIXTURES));

        List<String> differences = SpecPolicy.INSTANCE.differences(spec().mounts(FIXTURES, CACHE).build(), labels);

        assertEquals(1, differences.size(), differences::toString);
        assertTrue(differences.get(0).startsWith("mounts:"), differences::toString);
    }

    @Test
    void readOnlyFlagOfAMountIsPartOfTheComparison() {
        Map<String, String> labels = labelsOf(spec().mounts(FIXTURES));
        Mount writable = new Mount(FIXTURES.hostPath(), FIXTURES.sandboxPath(), false);

        assertEquals(1, SpecPolicy.INSTANCE.differences(spec().mounts(writable).build(), labels).size());
    }

    @Test
    void sameMountsInAnotherOrderAreNoDifference() {
        Map<String, String> labels = labelsOf(spec().mounts(FIXTURES, CACHE));

        assertEquals(List.of(), SpecPolicy.INSTANCE.differences(spec().mounts(CACHE, FIXTURES).build(), labels));
    }

    @Test
    void changedDockerSocketIsADifference() {
        Map<String, String> withoutSocket = labelsOf(spec());
        Map<String, String> withSocket = labelsOf(spec().dockerSocket(true));

        List<String> askedButMissing = SpecPolicy.INSTANCE.differences(spec().dockerSocket(true).build(), withoutSocket);
        List<String> presentButNotAsked = SpecPolicy.INSTANCE.differences(spec().dockerSocket(false).build(), withSocket);

        assertEquals(1, askedButMissing.size(), askedButMissing::toString);
        assertTrue(askedButMissing.get(0).contains("Docker socket"), askedButMissing::toString);
        assertEquals(1, presentButNotAsked.size(), presentButNotAsked::toString);
    }

    @Test
    void portsAreRecordedAndReadBack() {
        SandboxSpec spec = spec().ports(new PublishedPort(8080, "127.0.0.1", 0),
                new PublishedPort(3000, "0.0.0.0", 3000)).build();
        assertEquals(spec.portsOrEmpty(), LabelCodec.ports(SpecPolicy.INSTANCE.forCreation(spec)));
    }

    @Test
    void differentPortsAreADifferenceAndTheSamePortsInAnyOrderAreNot() {
        PublishedPort web = new PublishedPort(8080, "127.0.0.1", 0);
        PublishedPort api = new PublishedPort(9090, "127.0.0.1", 0);
        Map<String, String> labels = SpecPolicy.INSTANCE.forCreation(spec().ports(web, api).build());
        assertTrue(SpecPolicy.INSTANCE.differences(spec().ports(api, web).build(), labels).isEmpty());
        List<String> differences = SpecPolicy.INSTANCE.differences(spec().ports(web).build(), labels);
        assertEquals(1, differences.size());
        assertTrue(differences.get(0).startsWith("ports:"), differences.get(0));
    }

    // ---------------------------------------------------------------- the caller's labels

    /** A spec of default settings with the caller's labels. */
    private static SandboxSpec labelled(Map<String, String> labels) {
        return SandboxSpec.builder(Path.of("/work/project"), "/work/project", "sandbox-project-0123456789",
                        dev.sandboxes.agents.Agents.named("shell"), SpecPolicy.INSTANCE)
                .template(Optional.of(Template.image("debian:trixie"))).labels(labels).build();
    }

    @Test
    void forCreationCarriesTheCallersLabelsBesideTheLibrarys() {
        Map<String, String> labels = SpecPolicy.INSTANCE.forCreation(labelled(Map.of("com.example.team", "search", "tier", "")));

        assertEquals("search", labels.get("com.example.team"));
        assertEquals("", labels.get("tier"));
        assertEquals("true", labels.get(SandboxLabels.MARKER));
    }

    @Test
    void otherLabelsAreNoDifferenceTheyAreSetAtCreationOnly() {
        Map<String, String> existing = SpecPolicy.INSTANCE.forCreation(labelled(Map.of("com.example.team", "search")));

        assertEquals(List.of(), SpecPolicy.INSTANCE.differences(labelled(Map.of("com.example.team", "ads", "new", "1")), existing));
        assertEquals(List.of(), SpecPolicy.INSTANCE.differences(labelled(Map.of()), existing));
    }

    @Test
    void theCreationLabelsOfASpecRefuseTheLibrarysOwnLabelKeys() {
        // Runtimes trust these labels to find and compare sandboxes: a spec made without the builder is checked too.
        SandboxSpec spec = labelled(Map.of(SandboxLabels.WORKSPACE, "/"));
        InvalidSandboxConfigException e = assertThrows(InvalidSandboxConfigException.class, spec::creationLabels);
        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
    }

    @Test
    void aSpecsLabelsAreSortedAndCannotBeChanged() {
        Map<String, String> asked = new LinkedHashMap<>();
        asked.put("zed", "1");
        asked.put("alpha", "2");
        SandboxSpec spec = labelled(asked);
        asked.put("later", "3");

        assertEquals(List.of("alpha", "zed"), List.copyOf(spec.labels().keySet()));
        assertThrows(UnsupportedOperationException.class,
                () -> spec.labels().put("more", "4"));
    }
}
