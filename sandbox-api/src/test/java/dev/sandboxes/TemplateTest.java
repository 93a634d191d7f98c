package dev.sandboxes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.templates.Template;
import dev.sandboxes.templates.TemplateSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateTest {

    private static final TemplateSettings DEFAULTS = new TemplateSettings(TemplateSettings.DEFAULT_BASE_IMAGE, List.of());

    @Test
    void theShippedDockerfilesAreReadableResources() {
        String base = Template.builtIn("base").dockerfile();
        assertTrue(base.contains("ARG BASE_IMAGE=debian:trixie"), base);
        assertTrue(base.contains("extra-ca/"), "the base trusts the build's extra certificates");
        assertTrue(Template.builtIn("claude").dockerfile().contains("@anthropic-ai/claude-code@${CLI_VERSION}"));
        assertThrows(InvalidSandboxConfigException.class, () -> Template.builtIn("nope"));
        assertThrows(InvalidSandboxConfigException.class, () -> Template.builtIn("../base"));
    }

    @Test
    void theTagIsAHashOfWhatGoesIntoTheBuild() {
        Template.Built claude = Template.builtIn("claude");
        String tag = claude.imageTag(DEFAULTS);
        assertTrue(tag.matches("sandboxes\\.invalid/claude:[0-9a-f]{16}"), tag);
        assertEquals(tag, Template.builtIn("claude").imageTag(DEFAULTS), "unchanged: the same tag");

        Template.Built mine = new Template.Built("mine", claude.dockerfile(), Map.of(), claude.parent());
        Template.Built edited = new Template.Built("mine", claude.dockerfile() + "\n# edited\n", Map.of(), claude.parent());
        assertNotEquals(mine.imageTag(DEFAULTS), edited.imageTag(DEFAULTS), "a changed Dockerfile");
        Template.Built pinned = new Template.Built("claude", claude.dockerfile(), Map.of("CLI_VERSION", "1.0.0"), claude.parent());
        assertNotEquals(tag, pinned.imageTag(DEFAULTS), "a build argument (another CLI version)");
        assertNotEquals(tag, claude.imageTag(DEFAULTS.withBaseImage("mirror.example.com/debian:trixie")),
                "another base image, through the parent's tag");
    }

    @Test
    void extraCertificatesChangeTheTagByTheirContent(@TempDir Path folder) throws IOException {
        Path certificate = Files.writeString(folder.resolve("proxy.crt"), "-----BEGIN CERTIFICATE-----\nAAAA\n");
        Files.writeString(folder.resolve("notes.txt"), "not a certificate");
        TemplateSettings trusting = DEFAULTS.withCaCertificates(folder);
        assertEquals(List.of(certificate), trusting.certificateFiles(), "a folder gives its *.crt and *.pem files");
        String before = Template.builtIn("base").imageTag(trusting);
        assertNotEquals(Template.builtIn("base").imageTag(DEFAULTS), before);
        Files.writeString(certificate, "-----BEGIN CERTIFICATE-----\nBBBB\n");
        assertNotEquals(before, Template.builtIn("base").imageTag(trusting));
    }

    @Test
    void aMissingCertificateIsAClearError(@TempDir Path folder) {
        TemplateSettings settings = DEFAULTS.withCaCertificates(folder.resolve("missing.crt"));
        InvalidSandboxConfigException e = assertThrows(InvalidSandboxConfigException.class, settings::certificateFiles);
        assertTrue(e.getMessage().contains("missing.crt"), e.getMessage());
    }

    @Test
    void extraPackagesMakeATemplateBuiltOnTopLabelledWithTheSortedList() {
        Template claude = Template.builtIn("claude");
        Template.Built extended = (Template.Built) claude.withPackages(List.of("postgresql-client", "g++"));
        assertEquals("builtin:claude+g++,postgresql-client", extended.label());
        assertEquals(Optional.of(claude), extended.parent());
        assertTrue(extended.dockerfile().contains("apt-get install -y --no-install-recommends g++ postgresql-client"));
        assertEquals(extended.label(), claude.withPackages(List.of("g++", "postgresql-client")).label());
        assertEquals(claude, claude.withPackages(List.of()));
        assertThrows(InvalidSandboxConfigException.class, () -> claude.withPackages(List.of("bad; rm -rf /")));
    }

    @Test
    void aTemplateOfOnesOwnCannotTakeAShippedTemplatesName() {
        InvalidSandboxConfigException e = assertThrows(InvalidSandboxConfigException.class,
                () -> new Template.Built("claude", "FROM debian:trixie\n", Map.of(), Optional.empty()));
        assertTrue(e.getMessage().contains("another name"), e.getMessage());
    }

    @Test
    void aCrlfCheckoutGivesTheSameTag() {
        Template.Built unix = new Template.Built("mine", "FROM a\nRUN true\n", Map.of(), Optional.empty());
        Template.Built windows = new Template.Built("mine", "FROM a\r\nRUN true\r\n", Map.of(), Optional.empty());
        assertEquals(unix.imageTag(DEFAULTS), windows.imageTag(DEFAULTS));
    }

    @Test
    void theSameCertificatesInAnotherOrderGiveTheSameTag(@TempDir Path folder) throws IOException {
        Path one = Files.writeString(folder.resolve("one.pem"), "one");
        Path two = Files.writeString(folder.resolve("two.pem"), "two");
        assertEquals(DEFAULTS.withCaCertificates(one).withCaCertificates(two).fingerprint(),
                DEFAULTS.withCaCertificates(two).withCaCertificates(one).fingerprint());
    }

    @Test
    void anImageIsUsedAsItIs() {
        assertEquals("node:22", Template.image(" node:22 ").label());
        assertThrows(InvalidSandboxConfigException.class, () -> Template.image(" "));
        assertThrows(InvalidSandboxConfigException.class, () -> Template.image("builtin:claude"));
        assertFalse(Template.image("node:22").withPackages(List.of("jq")).label().isEmpty());
    }
}
