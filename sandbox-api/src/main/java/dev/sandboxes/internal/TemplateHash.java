package dev.sandboxes.internal;

import dev.sandboxes.Template;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The tag of a built template: a hash of everything that goes into its build (the layout of the
 * build context, its Dockerfile, its build arguments, its parent's tag or image, and the settings'
 * fingerprint: base image and certificates), so a changed template gets a new tag and an unchanged
 * one is found as built. Line endings are normalised, so a checkout with CRLF gives the same tag.
 */
public final class TemplateHash {

    /** Raised when the build context the runtimes send changes, so that templates are built anew. */
    private static final int CONTEXT_VERSION = 1;
    private static final int TAG_HEX_DIGITS = 16;

    private TemplateHash() {
    }

    /**
     * @param fingerprint the template settings' {@link dev.sandboxes.TemplateSettings#fingerprint()}
     */
    public static String of(Template.Built template, String fingerprint) {
        MessageDigest digest = sha256();
        update(digest, "context", String.valueOf(CONTEXT_VERSION));
        update(digest, "name", template.name());
        update(digest, "dockerfile", template.dockerfile().replace("\r\n", "\n"));
        template.buildArgs().forEach((key, value) -> update(digest, "arg " + key, value));
        template.parent().ifPresent(parent -> update(digest, "parent", parent instanceof Template.Built built
                ? REPOSITORY_TAG.apply(built, fingerprint) : ((Template.Image) parent).reference()));
        update(digest, "settings", fingerprint);
        return hex(digest, TAG_HEX_DIGITS);
    }

    private static final java.util.function.BiFunction<Template.Built, String, String> REPOSITORY_TAG =
            (built, fingerprint) -> Template.REPOSITORY + built.name() + ":" + of(built, fingerprint);

    /** The first hex digits of a SHA-256 of the bytes. */
    public static String digest(byte[] bytes, int hexDigits) {
        MessageDigest digest = sha256();
        digest.update(bytes);
        return hex(digest, hexDigits);
    }

    private static String hex(MessageDigest digest, int hexDigits) {
        return HexFormat.of().formatHex(digest.digest()).substring(0, hexDigits);
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
