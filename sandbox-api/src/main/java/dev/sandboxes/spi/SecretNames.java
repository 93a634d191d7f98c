package dev.sandboxes.spi;

import dev.sandboxes.core.SandboxInfo;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides which environment variables hold secrets, by name, so that {@code info()}, {@code inspect}
 * and error messages never show their values. Errs on the side of masking.
 *
 * <pre>{@code
 * SecretNames.mask("ANTHROPIC_API_KEY", "sk-...");  // "****"
 * SecretNames.mask("APP_ENV", "dev");               // "dev"
 * }</pre>
 */
public final class SecretNames {

    private static final Pattern SECRET = Pattern.compile(
            "KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASS|PWD|CREDENTIAL|AUTH|PRIVATE|SESSION|COOKIE|SIGNATURE|DSN");

    private SecretNames() {
    }

    /** Whether a variable of this name is treated as a secret. */
    public static boolean isSecret(String name) {
        return SECRET.matcher(name.toUpperCase(Locale.ROOT)).find();
    }

    /** The value to show for a variable: itself, or {@link SandboxInfo#MASK} when the name is secret. */
    public static String mask(String name, String value) {
        return isSecret(name) ? SandboxInfo.MASK : value;
    }
}
