package dev.sandboxes.network;

import dev.sandboxes.errors.InvalidSandboxConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A secret value, such as an API key, that the library puts into requests for the sandbox without
 * the sandbox ever holding it (see {@link CredentialRule}). It prints as {@code Secret[****]}: no
 * log line, exception or {@code toString()} of the library shows the value.
 *
 * <p>A secret is one line of visible ASCII, without quotes or backslashes, as API keys and tokens
 * are: anything else is refused, so that it can never break out of the header it is put into.
 *
 * <pre>{@code
 * Secret token = Secret.fromEnv("GH_TOKEN");
 * Secret key = Secret.fromFile(Path.of("/run/secrets/api-key"));
 * }</pre>
 */
public final class Secret {

    private final String value;

    private Secret(String value, String source) {
        this.value = check(value, source);
    }

    /** The value of a variable of this process's environment. */
    public static Secret fromEnv(String variable) {
        Objects.requireNonNull(variable, "variable");
        String value = System.getenv(variable);
        if (value == null || value.isEmpty()) {
            throw new InvalidSandboxConfigException("The environment variable " + variable + " is not set (or empty):"
                    + " set it to the secret before starting this program.");
        }
        return new Secret(value, "The environment variable " + variable);
    }

    /** The content of a file, without a final line break. */
    public static Secret fromFile(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            return new Secret(Files.readString(file, StandardCharsets.UTF_8).stripTrailing(), "The file " + file);
        } catch (IOException e) {
            throw new InvalidSandboxConfigException("Cannot read the secret file " + file + " (" + e.getClass().getSimpleName()
                    + "): give a readable file that holds the secret.");
        }
    }

    /** A value this program already holds. */
    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value, "value"), "The secret");
    }

    /**
     * The value itself, for the runtime that hands it to the egress proxy. Never log or print it.
     */
    public String reveal() {
        return value;
    }

    private static String check(String value, String source) {
        if (value.isEmpty()) {
            throw new InvalidSandboxConfigException(source + " is empty: give the secret's value.");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
                // The position only: the value itself is never shown.
                throw new InvalidSandboxConfigException(source + " holds a character a header value cannot carry"
                        + " safely at position " + (i + 1) + " (a space, line break, quote, backslash or non-ASCII):"
                        + " a secret is one line of visible ASCII, as API keys and tokens are.");
            }
        }
        return value;
    }

    /** Secrets are equal when their values are; the comparison takes the same time whatever they hold. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && java.security.MessageDigest.isEqual(
                value.getBytes(StandardCharsets.US_ASCII), secret.value.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public int hashCode() {
        return 0;  // no hint of the value
    }

    @Override
    public String toString() {
        return "Secret[****]";
    }
}
