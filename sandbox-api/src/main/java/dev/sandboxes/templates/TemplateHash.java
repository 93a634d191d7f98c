package dev.sandboxes.templates;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How a built template's tag is hashed ({@link Template.Built#imageTag(String)}): a hash of everything that goes into its build (the layout of the
 * build context, its Dockerfile, its build arguments, its parent's tag or image, and the settings'
 * fingerprint: base image and certificates), so a changed template gets a new tag and an unchanged
 * one is found as built. Line endings are normalised, so a checkout with CRLF gives the same tag.
 */
final class TemplateHash {

    /** Raised when the build context the runtimes send changes, so that templates are built anew. */
    static final int CONTEXT_VERSION = 1;
    static final int TAG_HEX_DIGITS = 16;

    private TemplateHash() {
    }

    /** The first hex digits of a SHA-256 of the bytes. */
    static String digest(byte[] bytes, int hexDigits) {
        MessageDigest digest = sha256();
        digest.update(bytes);
        return hex(digest, hexDigits);
    }

    static String hex(MessageDigest digest, int hexDigits) {
        return HexFormat.of().formatHex(digest.digest()).substring(0, hexDigits);
    }

    static void update(MessageDigest digest, String key, String value) {
        digest.update((key + "=" + value.length() + ":" + value + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
