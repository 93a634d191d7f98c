package dev.sandboxes.internal;

import dev.sandboxes.core.SandboxLabels;
import dev.sandboxes.errors.InvalidSandboxConfigException;

/**
 * Checks the caller's own labels before they reach an engine. The library finds and trusts its
 * sandboxes by its {@code dev.sandboxes} labels, so a caller must not be able to set or overwrite one.
 */
public final class LabelNames {

    /** Every key of the library's own labels starts with this, and the marker is this without the dot. */
    public static final String RESERVED_PREFIX = SandboxLabels.MARKER + ".";

    private LabelNames() {
    }

    /**
     * @throws InvalidSandboxConfigException when the key is null, blank, holds '=' or is reserved, or the value is null
     */
    public static void check(String key, String value) {
        if (key == null || key.isBlank()) {
            throw new InvalidSandboxConfigException("A label key is " + (key == null ? "null" : "blank")
                    + ": give a key such as com.example.team.");
        }
        if (key.indexOf('=') >= 0) {
            // docker ps --filter label=KEY=VALUE could never find it.
            throw new InvalidSandboxConfigException("The label key '" + key
                    + "' holds '=': pass the key and the value separately, as label(\"key\", \"value\").");
        }
        if (key.equals(SandboxLabels.MARKER) || key.startsWith(RESERVED_PREFIX)) {
            throw new InvalidSandboxConfigException("The label key '" + key + "' is reserved: keys starting with "
                    + RESERVED_PREFIX + " are the library's own. Choose a key of your own, such as com.example.team.");
        }
        if (value == null) {
            throw new InvalidSandboxConfigException("The value of label " + key + " is null: give a value, or \"\".");
        }
    }
}
