package dev.sandboxes.docker;

import dev.sandboxes.network.NetworkLogEntry;
import dev.sandboxes.network.NetworkPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A network policy as Squid's configuration, and Squid's log lines back as network log entries.
 * Pure text: unit-tested without an engine.
 *
 * <p>The order of the rules is the policy. Only the sandbox's own network may use the proxy; the
 * cache manager and every protocol but HTTP and HTTPS are refused. Blocks come first, then what
 * the rules allow. Every name rule is {@code dstdomain -n} and every address rule {@code dst -n}:
 * an address in the URL is never looked up in reverse (a PTR record of the agent's choosing would
 * pass a name rule).
 *
 * <ul>
 *   <li>An allow list then refuses everything else, and takes only ports 80 and 443 (CONNECT to 443
 *       only). A name is resolved only once a rule allowed it, so that a refused request sends no
 *       DNS query out (no exfiltration through names). A wildcard is refused for private, loopback
 *       and link-local destinations; a host named exactly is not.
 *   <li>An open policy's rules are exceptions. Then private, loopback, link-local and metadata
 *       destinations, and every address of the host, are refused, by name too (the name is resolved
 *       and each of its addresses checked), and everything else is allowed, on any port.
 * </ul>
 */
final class SquidConfig {

    static final int PORT = 3128;
    static final String LOG = "/var/log/squid/sandboxes.log";
    static final String PATH = "/etc/squid/sandboxes.conf";
    /** The credential rules, secrets included: on the proxy's tmpfs, written over an exec's standard input. */
    static final String CREDENTIALS = "/run/sandboxes-secrets/credentials.conf";
    /** The credential rules with every secret replaced: what config checks read instead, so that no output shows one. */
    static final String CREDENTIALS_SHAPE = "/etc/squid/sandboxes-credentials.shape";
    private static final String CA = "/var/lib/sandboxes-ca";
    /** The decrypting port, on the proxy's loopback only. */
    static final int BUMP_PORT = 3129;
    /** Where the start script forwards to {@link #BUMP_PORT}, listening before Squid does. */
    static final int PEER_PORT = 3130;
    /** Where the proxy's start script records the process id of Squid, which the script becomes. */
    static final String MAIN_PID = "/run/sandboxes-squid.pid";
    private static final String PRIVATE = "0.0.0.0/8 10.0.0.0/8 100.64.0.0/10 127.0.0.0/8 169.254.0.0/16 172.16.0.0/12"
            + " 192.0.0.0/24 192.168.0.0/16 198.18.0.0/15 224.0.0.0/4 240.0.0.0/4"
            + " ::/128 ::1 ::ffff:0:0/96 64:ff9b::/96 2002::/16 fc00::/7 fe80::/10"
            // Azure's WireServer: a public address that serves a VM's own configuration.
            + " 168.63.129.16";

    private SquidConfig() {
    }

    /**
     * @param sandboxSubnet the sandbox's internal network, the only one that may use the proxy
     * @param hostAddresses every address of the engine's host, refused by an open policy
     * @param credentials   whether the proxy can inject credentials (one made before could not)
     */
    static String of(NetworkPolicy policy, String sandboxSubnet, List<String> hostAddresses, boolean credentials) {
        List<String> lines = new ArrayList<>(List.of("# Written by Sandboxes for Java from the sandbox's network policy.",
                "http_port " + PORT));
        if (credentials) {
            // TLS is decrypted only on a second port, on the proxy's loopback, to which the sandbox's
            // port hands the CONNECTs of the credential rules' hosts as to a parent proxy (the
            // included file says which). On the sandbox's port every other CONNECT is tunnelled
            // untouched, and a refused one gets its 403: an SSL-bump port would answer every CONNECT
            // with 200 first, to deliver its refusal inside the TLS.
            lines.addAll(List.of(
                    "http_port 127.0.0.1:" + BUMP_PORT + " name=bump ssl-bump tls-cert=" + CA + "/ca.pem tls-key=" + CA
                            + "/ca.key generate-host-certificates=on dynamic_cert_mem_cache_size=4MB",
                    "sslcrtd_program /usr/lib/squid/security_file_certgen -s /var/lib/squid/ssl_db -M 4MB",
                    "sslcrtd_children 4 startup=1 idle=1",
                    "tls_outgoing_options cafile=/etc/squid/sandboxes-upstream-ca.pem",
                    // Peeking first, Squid makes the certificate it shows from the real one: with the
                    // authority key identifier that strict clients (Python 3.13) require.
                    "acl step1 at_step SslBump1",
                    "ssl_bump peek step1",
                    "ssl_bump bump all",
                    // Through a forward the start script opens before Squid: Squid probes its parent as it
                    // reads this file, before its own ports listen, and would count it dead for a while.
                    "cache_peer 127.0.0.1 parent " + PEER_PORT + " 0 no-query no-digest no-netdb-exchange name=bumper",
                    // CONNECTs go to a parent only when this is off.
                    "nonhierarchical_direct off",
                    "acl bump_port myportname bump",
                    "acl https_proto proto HTTPS",
                    // Only requests the decrypting port decrypted: a plain "GET https://..." to the
                    // sandbox's port, which Squid would encrypt itself, is refused.
                    "acl decrypted all-of bump_port https_proto",
                    "acl bumped_connect all-of bump_port CONNECT",
                    // Codex opens a WebSocket to its provider first: the upgrade passes there, the header set.
                    "http_upgrade_request_protocols WebSocket allow decrypted",
                    "http_upgrade_request_protocols WebSocket deny all"));
        }
        lines.addAll(List.of(
                "pid_filename none",
                "cache deny all",
                "via off",
                "forwarded_for delete",
                "logfile_rotate 0",
                "cache_log /var/log/squid/cache.log",
                "logformat sandboxes %ts %rm %ru %Ss/%03>Hs",
                // A decrypted tunnel's CONNECT is logged once, as the sandbox asked for it.
                "access_log stdio:" + LOG + " sandboxes" + (credentials ? " !bumped_connect" : ""),
                // The proxy itself (127.0.0.1) is the client of the decrypting port.
                "acl from_sandbox src " + sandboxSubnet + (credentials ? " 127.0.0.1" : ""),
                "acl web_ports port 80 443",
                "acl tls_port port 443",
                "acl http_proto proto HTTP",
                "acl private_destinations dst " + PRIVATE));
        List<String> access = new ArrayList<>(List.of(
                "http_access deny !from_sandbox",
                "http_access deny manager",
                // Decrypted requests are HTTPS: refusing them would refuse every credential rule's host.
                credentials ? "http_access deny !CONNECT !http_proto !decrypted" : "http_access deny !CONNECT !http_proto"));
        if (credentials) {
            // The credential rules' own refusals (methods, paths) come before anything the policy allows.
            access.add("include " + CREDENTIALS);
        }
        addRules(lines, access, "blocked_names", "dstdomain -n", names(policy.blocked()), "deny", "");
        boolean open = policy.mode() == NetworkPolicy.Mode.OPEN;
        // An open policy resolves every name anyway: a blocked block is refused by name too.
        addRules(lines, access, "blocked_addresses", open ? "dst" : "dst -n", addresses(policy.blocked()), "deny", "");
        if (!open) {
            access.add("http_access deny !web_ports");
            access.add("http_access deny CONNECT !tls_port");
        }
        addRules(lines, access, "allowed_addresses", "dst -n", addresses(policy.allowed()), "allow", "");
        addRules(lines, access, "named_hosts", "dstdomain -n", exactNames(policy.allowed()), "allow", "");
        addRules(lines, access, "wildcard_hosts", "dstdomain -n", wildcards(policy.allowed()), "allow",
                open ? "" : " !private_destinations");
        if (open) {
            access.add("http_access deny private_destinations");
            addRules(lines, access, "host_addresses", "dst", hostAddresses, "deny", "");
            access.add("http_access allow all");
        } else {
            access.add("http_access deny all");
        }
        lines.addAll(access);
        if (credentials) {
            // After the included file's allows: nothing else goes to the decrypting port.
            lines.add("cache_peer_access bumper deny all");
        }
        return String.join("\n", lines) + "\n";
    }

    /**
     * One line of the log, as the {@code sandboxes} format writes it:
     * {@code 1732670000.123 CONNECT api.example.com:443 TCP_TUNNEL/200}.
     */
    static Optional<NetworkLogEntry> entry(String line) {
        String[] fields = line.strip().split("\\s+");
        if (fields.length < 4) {
            return Optional.empty();
        }
        try {
            Instant time = Instant.ofEpochMilli((long) (Double.parseDouble(fields[0]) * 1000));
            boolean https = fields[1].equals("CONNECT") || fields[2].startsWith("https://");
            String target = fields[2].replaceFirst("^[a-z]+://", "");
            int slash = target.indexOf('/');
            String authority = slash < 0 ? target : target.substring(0, slash);
            int colon = authority.lastIndexOf(':');
            String host = colon < 0 ? authority : authority.substring(0, colon);
            int port = colon < 0 ? (https ? 443 : 80) : Integer.parseInt(authority.substring(colon + 1));
            // The proxy's own decision; a 403 from an allowed server is the server's, not a block.
            boolean allowed = !fields[3].startsWith("TCP_DENIED");
            return Optional.of(new NetworkLogEntry(time, fields[1], host, port, allowed));
        } catch (RuntimeException notOurs) {
            return Optional.empty();
        }
    }

    private static void addRules(List<String> lines, List<String> access, String acl, String type, List<String> values,
                                 String decision, String condition) {
        if (!values.isEmpty()) {
            lines.add("acl " + acl + " " + type + " " + String.join(" ", values));
            access.add("http_access " + decision + " " + acl + condition);
        }
    }

    private static List<String> addresses(List<String> rules) {
        return rules.stream().filter(NetworkPolicy::isAddress).toList();
    }

    private static List<String> exactNames(List<String> rules) {
        return rules.stream().filter(r -> !NetworkPolicy.isAddress(r) && !r.startsWith("*.")).toList();
    }

    /** {@code *.example.com} is Squid's {@code .example.com}: the domain and every name below it. */
    private static List<String> wildcards(List<String> rules) {
        return rules.stream().filter(r -> r.startsWith("*.")).map(r -> r.substring(1)).toList();
    }

    private static List<String> names(List<String> rules) {
        List<String> names = new ArrayList<>(exactNames(rules));
        names.addAll(wildcards(rules));
        return names;
    }
}
