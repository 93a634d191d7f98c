package dev.sandboxes.internal;

import dev.sandboxes.core.SandboxInfo;
import dev.sandboxes.spi.SecretNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Masks what looks secret in a command line, for the audit log and exec events: the values of the
 * command's secret variables wherever they appear, {@code NAME=value} with a secret name, the value
 * of an option named like a secret ({@code --token x}, {@code --api-key=x}), credentials in an HTTP
 * header ({@code Authorization: Bearer x}) and passwords in URLs. A secret passed in any other
 * form is not recognised: pass secrets through the environment.
 */
final class ArgvMask {

    private static final Pattern SECRET_OPTION = Pattern.compile("^--?[a-z0-9-]*(token|secret|password|passwd|api-?key|"
            + "access-?key|credential)[a-z0-9-]*$");
    /** An HTTP header's credentials: {@code Authorization: Bearer x}, {@code X-Api-Key: x}. */
    private static final Pattern AUTHORIZATION = Pattern.compile("(?i)((?:authorization|proxy-authorization)\\s*:\\s*"
            + "(?:[a-z]+\\s+)?|(?:x-api-key|api-key|x-auth-token)\\s*:\\s*)\\S+");
    /** A password in a URL: {@code https://user:secret@host}. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/\\s:@]+:)[^/\\s@]+@");
    /** Shorter values would mask ordinary words. */
    private static final int SHORTEST_MASKED = 4;

    private ArgvMask() {
    }

    static List<String> mask(List<String> argv, Collection<String> secretValues) {
        List<String> masked = new ArrayList<>(argv.size());
        boolean valueOfSecretOption = false;
        for (String arg : argv) {
            String result = arg;
            for (String secret : secretValues) {
                if (secret.length() >= SHORTEST_MASKED) {
                    result = result.replace(secret, SandboxInfo.MASK);
                }
            }
            result = AUTHORIZATION.matcher(result).replaceAll("$1" + SandboxInfo.MASK);
            result = URL_PASSWORD.matcher(result).replaceAll("$1" + SandboxInfo.MASK + "@");
            int equals = result.indexOf('=');
            String name = equals > 0 ? result.substring(0, equals) : result;
            if (valueOfSecretOption) {
                result = SandboxInfo.MASK;
            } else if (equals > 0 && (SecretNames.isSecret(name) || isSecretOption(name))) {
                result = name + "=" + SandboxInfo.MASK;
            }
            valueOfSecretOption = equals < 0 && isSecretOption(result);
            masked.add(result);
        }
        return masked;
    }

    private static boolean isSecretOption(String word) {
        return SECRET_OPTION.matcher(word.toLowerCase(Locale.ROOT)).matches();
    }
}
