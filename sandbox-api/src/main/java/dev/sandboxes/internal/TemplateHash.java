package dev.sandboxes.internal;

import dev.sandboxes.InvalidSandboxConfigException;
import dev.sandboxes.Template;
import dev.sandboxes.TemplateSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The tag of a built template: a hash of everything that goes into its build (its Dockerfile, its
 * build arguments, its parent's tag or image, the base image and the certificates' content), so a
 * changed template gets a new tag and an unchanged one is found as built.
 */
public final class TemplateHash {

    private static final int TAG_HEX_DIGITS = 16;

    private TemplateHash() {
    }

    public static String of(Template.Built template, TemplateSettings settings) {
        MessageDigest digest = sha256();
        update(digest, "name", template.name());
        update(digest, "dockerfile", template.dockerfile());
        template.buildArgs().forEach((key, value) -> update(digest, "arg " + key, value));
        template.parent().ifPresent(parent -> update(digest, "parent", parent instanceof Template.Built built
                ? built.imageTag(settings) : ((Template.Image) parent).reference()));
        if (template.usesBaseImage()) {
            update(digest, "base image", settings.baseImage());
        }
        for (Path certificate : settings.certificateFiles()) {
            try {
                digest.update(Files.readAllBytes(certificate));
            } catch (IOException e) {
                throw new InvalidSandboxConfigException("The CA certificate " + certificate + " cannot be read ("
                        + e.getMessage() + "): give a readable PEM file to trust in templates.", e);
            }
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, TAG_HEX_DIGITS);
    }

    private static void update(MessageDigest digest, String key, String value) {
        digest.update((key + "=" + value.length() + ":" + value + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
