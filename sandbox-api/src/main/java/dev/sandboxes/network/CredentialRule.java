package dev.sandboxes.network;

import dev.sandboxes.errors.InvalidSandboxConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A header that the sandbox's egress proxy sets, with a secret the sandbox never holds, on every
 * HTTPS request to one host. The proxy decrypts that host's traffic with a certificate authority
 * made for the sandbox (its private key never leaves the proxy; the sandbox trusts its certificate),
 * removes whatever the sandbox sent in that header, sets the real value, and sends the request on
 * to the real host, whose certificate it verifies. Traffic to other hosts passes untouched. The
 * sandbox can still <em>use</em> the secret through the proxy while it runs; it cannot read it.
 *
 * <pre>{@code
 * Sandboxes.forWorkspace(dir)
 *         .credential(CredentialRule.header("api.github.com", "Authorization", "Bearer {secret}", Secret.fromEnv("GH_TOKEN"))
 *                 .only(Set.of("GET"), List.of("/repos/")))
 *         .open();
 * }</pre>
 *
 * @param host         the host, exactly ({@code api.github.com}), or a domain and all names below it ({@code *.example.com})
 * @param header       the header's name, such as {@code Authorization}
 * @param format       the header's value, {@link #SECRET} standing for the secret: {@code Bearer {secret}}
 * @param secret       the secret
 * @param methods      the only HTTP methods allowed to the host (upper case); empty for any
 * @param pathPrefixes the only path prefixes allowed on the host ({@code /v1/}); empty for any
 */
public record CredentialRule(String host, String header, String format, Secret secret, Set<String> methods,
                             List<String> pathPrefixes) {

    /** Stands for the secret in {@link #format()}. */
    public static final String SECRET = "{secret}";

    private static final Pattern TOKEN = Pattern.compile("[!#$&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern PATH = Pattern.compile("/[\\x21-\\x7e&&[^\"\\\\]]*");
    // Headers that frame or route the request: the proxy owns them.
    private static final Set<String> RESERVED = Set.of("host", "content-length", "transfer-encoding", "connection",
            "upgrade", "te", "trailer", "proxy-authorization", "proxy-connection", "keep-alive",
            // Squid's names for every header and for every other one.
            "all", "other");

    public CredentialRule {
        host = NetworkPolicy.hostRule(Objects.requireNonNull(host, "host"), "credential rule");
        Objects.requireNonNull(header, "header");
        if (!TOKEN.matcher(header).matches() || RESERVED.contains(header.toLowerCase(Locale.ROOT))) {
            throw new InvalidSandboxConfigException("'" + header + "' cannot be a credential header: give a header"
                    + " name such as Authorization or x-api-key (not one that frames the request, such as Host).");
        }
        Objects.requireNonNull(format, "format");
        if (format.indexOf(SECRET) < 0 || format.indexOf(SECRET) != format.lastIndexOf(SECRET)
                || !format.chars().allMatch(c -> c >= 0x20 && c <= 0x7e && c != '"' && c != '\\')) {
            throw new InvalidSandboxConfigException("The credential format '" + format + "' must hold " + SECRET
                    + " exactly once, where the secret goes (\"Bearer " + SECRET + "\"), in visible ASCII without"
                    + " quotes or backslashes.");
        }
        Objects.requireNonNull(secret, "secret");
        Set<String> checkedMethods = new TreeSet<>();
        for (String method : Objects.requireNonNull(methods, "methods")) {
            if (method == null || !TOKEN.matcher(method).matches() || !method.equals(method.toUpperCase(Locale.ROOT))) {
                throw new InvalidSandboxConfigException("'" + method + "' is not an HTTP method: give upper-case"
                        + " methods such as GET and POST.");
            }
            checkedMethods.add(method);
        }
        methods = java.util.Collections.unmodifiableSet(checkedMethods);
        List<String> checkedPaths = new ArrayList<>();
        for (String prefix : Objects.requireNonNull(pathPrefixes, "pathPrefixes")) {
            if (prefix == null || !PATH.matcher(prefix).matches()) {
                throw new InvalidSandboxConfigException("'" + prefix + "' is not a path prefix: give one that starts"
                        + " with '/', such as /v1/, in visible ASCII without quotes or backslashes.");
            }
            checkedPaths.add(prefix);
        }
        pathPrefixes = List.copyOf(checkedPaths);
    }

    /** A rule for any method and path of the host. */
    public static CredentialRule header(String host, String header, String format, Secret secret) {
        return new CredentialRule(host, header, format, secret, Set.of(), List.of());
    }

    /**
     * The same rule, allowing only these methods and paths on the host: any other request the proxy
     * decrypts for it (every HTTPS request to the host by name) is refused, and logged as refused; so
     * are paths with dot segments or encoded dots and slashes. What does not reach the host by name
     * (a CONNECT to its address) is tunnelled without the secret.
     *
     * @param methods      upper-case HTTP methods; empty for any
     * @param pathPrefixes path prefixes such as {@code /v1/messages}; empty for any
     */
    public CredentialRule only(Set<String> methods, List<String> pathPrefixes) {
        return new CredentialRule(host, header, format, secret, methods, pathPrefixes);
    }

    /** The same rule with another secret: what rotation gives to {@link dev.sandboxes.Sandbox#updateCredentials}. */
    public CredentialRule withSecret(Secret newSecret) {
        return new CredentialRule(host, header, format, newSecret, methods, pathPrefixes);
    }

    /** Whether the proxy must refuse some requests to the host. */
    public boolean limited() {
        return !methods.isEmpty() || !pathPrefixes.isEmpty();
    }

    /** The rule without its secret, for people: {@code api.github.com Authorization: Bearer {secret} (GET /repos/)}. */
    @Override
    public String toString() {
        String limits = limited() ? " (" + (methods.isEmpty() ? "any method" : String.join(" ", methods)) + " "
                + (pathPrefixes.isEmpty() ? "any path" : String.join(" ", pathPrefixes)) + ")" : "";
        return host + " " + header + ": " + format + limits;
    }
}
