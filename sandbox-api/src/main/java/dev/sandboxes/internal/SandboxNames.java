package dev.sandboxes.internal;

import dev.sandboxes.errors.InvalidSandboxConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Names of sandboxes. A workspace's default name is derived from its real path alone, so that every
 * process opening the same workspace at once tries to create the same name and the engine lets
 * exactly one of them win.
 */
public final class SandboxNames {

    /** What Docker accepts as a container name. */
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{1,127}");
    private static final int MAX_BASE_LENGTH = 40;

    private SandboxNames() {
    }

    /** {@code sandbox-<folder name>-<10 hex digits of the path's SHA-256>}. */
    public static String forWorkspace(Path realWorkspace) {
        Path fileName = realWorkspace.getFileName();
        String base = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_.-]+", "-").replaceAll("^[^a-z0-9]+", "");
        if (base.length() > MAX_BASE_LENGTH) {
            base = base.substring(0, MAX_BASE_LENGTH);
        }
        if (base.isEmpty()) {
            base = "workspace";
        }
        return "sandbox-" + base + "-" + shortHash(realWorkspace.toString());
    }

    /**
     * Checks a name given by the caller.
     *
     * @throws InvalidSandboxConfigException when the engine would refuse it
     */
    public static String checkName(String name) {
        if (!VALID.matcher(name).matches()) {
            throw new InvalidSandboxConfigException("The sandbox name '" + name + "' is not valid: use 2 to 128 letters,"
                    + " digits, '_', '.' or '-', starting with a letter or digit.");
        }
        return name;
    }

    private static String shortHash(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
