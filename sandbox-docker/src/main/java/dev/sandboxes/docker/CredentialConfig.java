package dev.sandboxes.docker;

import dev.sandboxes.network.CredentialRule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Credential rules as the part of Squid's configuration that {@link SquidConfig} includes. Pure
 * text: unit-tested without an engine.
 *
 * <p>Only a CONNECT to a rule's host by name is handed to the proxy's decrypting port (see
 * {@link SquidConfig}); everything else is tunnelled untouched. For each rule, on
 * decrypted requests to its host: the methods and paths it does not allow are refused; then its
 * header is removed ({@code request_header_access ... deny}, without which {@code request_header_add}
 * would keep the sandbox's own value) and set with the secret. A {@code %} in a value is a macro to
 * Squid, so it is doubled.
 *
 * <pre>{@code
 * String withSecrets = CredentialConfig.of(rules);     // to the proxy's tmpfs only
 * String forChecks = CredentialConfig.shapeOf(rules);  // the same, every secret replaced
 * }</pre>
 */
final class CredentialConfig {

    private static final Pattern REGEX_SPECIAL = Pattern.compile("[.\\[\\]{}()*+?^$|]");

    /** What stands for a secret in the shape. */
    static final String MASK = "****";

    private CredentialConfig() {
    }

    /** The configuration with the secrets: it goes to the proxy's tmpfs, and nowhere else. */
    static String of(List<CredentialRule> rules) {
        return render(rules, rule -> rule.format().replace(CredentialRule.SECRET, rule.secret().reveal()));
    }

    /** The same configuration with every secret replaced by {@link #MASK}: safe to check, show and keep on disk. */
    static String shapeOf(List<CredentialRule> rules) {
        return render(rules, rule -> rule.format().replace(CredentialRule.SECRET, MASK));
    }

    private static String render(List<CredentialRule> rules, Function<CredentialRule, String> value) {
        if (rules.isEmpty()) {
            return "";
        }
        List<String> lines = new ArrayList<>(List.of("# Written by Sandboxes for Java: the sandbox's credential rules."));
        List<String> hosts = rules.stream().map(rule -> squidDomain(rule.host())).distinct().toList();
        lines.add("acl credential_hosts dstdomain -n " + String.join(" ", hosts));
        // A CONNECT to a rule's host, by name, goes to the decrypting port; an address never does.
        lines.add("cache_peer_access bumper allow CONNECT credential_hosts !bump_port");
        lines.add("never_direct allow CONNECT credential_hosts !bump_port");
        lines.add("acl credential_trace method TRACE TRACK");
        // What servers may read as another path than the prefix says: dot segments, encoded dots and slashes.
        lines.add("acl credential_unsafe_paths urlpath_regex (^|/)\\.\\.?(/|$) %2[eEfF] //");
        for (int i = 0; i < rules.size(); i++) {
            CredentialRule rule = rules.get(i);
            String acl = "credential_" + (i + 1);
            lines.add("acl " + acl + " dstdomain -n " + squidDomain(rule.host()));
            // The request names the rule's host, and so does its tunnel: the CONNECT, the TLS server name
            // and the certificate the proxy verified. A Host header or an absolute URL naming the host
            // inside another host's tunnel is refused: that one's server would get the secret.
            lines.add("acl " + acl + "_tunnel ssl::server_name --consensus " + squidDomain(rule.host()));
            lines.add("http_access deny " + acl + " decrypted !" + acl + "_tunnel");
            // TRACE would echo the header, secret and all, back to the sandbox.
            lines.add("http_access deny " + acl + " decrypted credential_trace");
            if (!rule.methods().isEmpty()) {
                lines.add("acl " + acl + "_methods method " + String.join(" ", rule.methods()));
                lines.add("http_access deny " + acl + " decrypted !" + acl + "_methods");
            }
            if (!rule.pathPrefixes().isEmpty()) {
                lines.add("acl " + acl + "_paths urlpath_regex " + String.join(" ",
                        rule.pathPrefixes().stream().map(prefix -> "^" + literal(prefix)).toList()));
                lines.add("http_access deny " + acl + " decrypted !" + acl + "_paths");
                lines.add("http_access deny " + acl + " decrypted credential_unsafe_paths");
            }
            lines.add("request_header_access " + rule.header() + " deny " + acl + " decrypted");
            lines.add("request_header_add " + rule.header() + " \"" + value.apply(rule).replace("%", "%%") + "\" "
                    + acl + " " + acl + "_tunnel decrypted");
        }
        return String.join("\n", lines) + "\n";
    }

    /** A path as a POSIX regular expression that matches only itself (Squid's regex has no \\Q...\\E). */
    private static String literal(String path) {
        return REGEX_SPECIAL.matcher(path).replaceAll("\\\\$0");
    }

    /** {@code *.example.com} is Squid's {@code .example.com}: the domain and every name below it. */
    private static String squidDomain(String host) {
        return host.startsWith("*.") ? host.substring(1) : host;
    }
}
