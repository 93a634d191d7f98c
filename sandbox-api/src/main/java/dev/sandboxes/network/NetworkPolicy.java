package dev.sandboxes.network;

import dev.sandboxes.errors.InvalidSandboxConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a sandbox may reach on the network. Fixed at creation:
 * <ul>
 *   <li>{@link #open()} (the default) reaches the internet, but not the engine's host (any of its
 *       addresses), private, loopback, link-local or metadata addresses ({@code 169.254.169.254});
 *   <li>{@link #allow(String...)} reaches only what its rules allow;
 *   <li>{@link #none()} has no network at all, only loopback;
 *   <li>{@link #direct()} reaches whatever the engine's host reaches, the host itself included.
 * </ul>
 * Open and allow-list sandboxes sit alone on an internal network whose only way out is an egress
 * proxy the library runs, so that no root inside the sandbox can get around them, and a sandbox
 * that lost its proxy reaches nothing rather than everything. Their rules can be changed on a
 * running sandbox ({@link dev.sandboxes.Sandbox#updateNetwork(NetworkPolicy)}).
 *
 * <p>Rules are host names ({@code api.anthropic.com}), wildcards ({@code *.github.com}: any name
 * below it), IPv4 addresses or CIDR blocks ({@code 10.1.0.0/16}). Blocks win over allows. In an
 * allow list, a name that resolves to a private, loopback or link-local address is refused unless a
 * rule names that host exactly or its address's block: a wildcard does not open the machine's own
 * network. In an open policy, the allow rules are the exceptions: {@code open().andAllow("10.1.2.3")}
 * reaches that one private address too.
 *
 * <p>A mounted Docker socket bypasses any policy (the agent can start a container on another
 * network), so a policy other than {@code open()} or {@code direct()} with {@code mountDockerSocket()}
 * is refused unless the policy says {@link #evenWithDockerSocket()}.
 *
 * <pre>{@code
 * Sandboxes.forWorkspace(dir).agent("claude")
 *         .network(NetworkPolicy.forAgent("claude").andAllow("*.mycompany.com").block("uploads.example.com"))
 *         .open();
 * }</pre>
 *
 * @param mode                what the sandbox may reach
 * @param allowed             the rules that allow (in an open policy: the private destinations it may reach)
 * @param blocked             the rules that block, before any allow
 * @param dockerSocketAllowed whether the caller insists on a Docker socket despite the policy
 */
public record NetworkPolicy(Mode mode, List<String> allowed, List<String> blocked, boolean dockerSocketAllowed) {

    private static final Pattern HOST = Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(/(\\d{1,2}))?");
    private static final List<String> REGISTRIES = List.of("registry.npmjs.org", "pypi.org", "files.pythonhosted.org",
            "proxy.golang.org", "sum.golang.org", "deb.debian.org", "github.com", "*.github.com",
            "*.githubusercontent.com");

    /** What a sandbox may reach. */
    public enum Mode {
        /**
         * The internet, through the sandbox's egress proxy (HTTP, and any TCP port by CONNECT); not
         * the host, private, link-local or metadata addresses, unless a rule allows them.
         */
        OPEN,
        /** Nothing: no interface but loopback, no DNS. */
        NONE,
        /** Only what the rules allow, through the sandbox's egress proxy, by HTTP and HTTPS. */
        ALLOW_LIST,
        /** Whatever the engine's host reaches, the host itself included: no proxy in the way. */
        DIRECT;

        /** Whether the sandbox's traffic goes through an egress proxy of its own. */
        public boolean throughProxy() {
            return this == OPEN || this == ALLOW_LIST;
        }

        /** How a sandbox's label records it: {@code open}, {@code none}, {@code allow-list} or {@code direct}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public NetworkPolicy {
        Objects.requireNonNull(mode, "mode");
        allowed = normalized(allowed);
        blocked = normalized(blocked);
        if (!mode.throughProxy() && (!allowed.isEmpty() || !blocked.isEmpty())) {
            throw new InvalidSandboxConfigException("Rules go with an open policy or an allow list: use"
                    + " NetworkPolicy.open().andAllow(...) or NetworkPolicy.allow(...).");
        }
    }

    /**
     * The internet but not the host, private, link-local or metadata addresses (the default). Add
     * exceptions with {@link #andAllow(String...)}.
     */
    public static NetworkPolicy open() {
        return new NetworkPolicy(Mode.OPEN, List.of(), List.of(), true);
    }

    /**
     * Whatever the engine's host reaches, the host's own services and a cloud's metadata service
     * included, with no proxy in the way: what {@code open()} was in earlier versions. Choose it only for a
     * sandbox that must reach the host by a protocol the proxy cannot carry.
     */
    public static NetworkPolicy direct() {
        return new NetworkPolicy(Mode.DIRECT, List.of(), List.of(), true);
    }

    /** No network at all. */
    public static NetworkPolicy none() {
        return new NetworkPolicy(Mode.NONE, List.of(), List.of(), false);
    }

    /**
     * Only these hosts, wildcards and address blocks, by HTTP and HTTPS through the egress proxy.
     *
     * @throws InvalidSandboxConfigException for a rule that is neither a host name nor an IPv4 block
     */
    public static NetworkPolicy allow(String... hostsOrCidrs) {
        return new NetworkPolicy(Mode.ALLOW_LIST, List.of(hostsOrCidrs), List.of(), false);
    }

    /**
     * The hosts an agent needs and nothing else: its API and login, and the package registries an
     * agent uses (npm, PyPI, Go, Debian, GitHub).
     *
     * @throws InvalidSandboxConfigException for an agent without a preset
     */
    public static NetworkPolicy forAgent(String agent) {
        List<String> hosts = new ArrayList<>(switch (Objects.requireNonNull(agent, "agent")) {
            case "claude" -> List.of("api.anthropic.com", "console.anthropic.com", "claude.ai", "statsig.anthropic.com");
            case "gemini" -> List.of("generativelanguage.googleapis.com", "cloudcode-pa.googleapis.com",
                    "oauth2.googleapis.com", "accounts.google.com");
            case "codex" -> List.of("api.openai.com", "auth.openai.com", "chatgpt.com");
            case "shell" -> List.of();
            default -> throw new InvalidSandboxConfigException("There is no network preset for agent '" + agent
                    + "': use NetworkPolicy.allow(...) with the hosts it needs.");
        });
        hosts.addAll(REGISTRIES);
        return allow(hosts.toArray(String[]::new));
    }

    /**
     * This policy with more hosts or blocks allowed: in an allow list, more that it reaches; in an
     * open policy, private addresses (the host's among them) that it reaches too.
     */
    public NetworkPolicy andAllow(String... hostsOrCidrs) {
        requireRules("andAllow");
        List<String> more = new ArrayList<>(allowed);
        more.addAll(List.of(hostsOrCidrs));
        return new NetworkPolicy(mode, more, blocked, dockerSocketAllowed);
    }

    /** This policy refusing these hosts, wildcards or blocks, whatever else allows them. */
    public NetworkPolicy block(String... hostsOrCidrs) {
        requireRules("block");
        List<String> more = new ArrayList<>(blocked);
        more.addAll(List.of(hostsOrCidrs));
        return new NetworkPolicy(mode, allowed, more, dockerSocketAllowed);
    }

    /** This policy, accepting a mounted Docker socket, which can bypass it. */
    public NetworkPolicy evenWithDockerSocket() {
        return new NetworkPolicy(mode, allowed, blocked, true);
    }

    /** How a sandbox's label records the mode: {@code open}, {@code none}, {@code allow-list} or {@code direct}. */
    public String label() {
        return mode.label();
    }

    /** Whether a rule is an address or a block of addresses rather than a host name. */
    public static boolean isAddress(String rule) {
        return CIDR.matcher(rule).matches();
    }

    private void requireRules(String call) {
        if (!mode.throughProxy()) {
            throw new InvalidSandboxConfigException(call + "(...) goes with an open policy or an allow list: start from"
                    + " NetworkPolicy.open() or NetworkPolicy.allow(...).");
        }
    }

    private static List<String> normalized(List<String> rules) {
        List<String> checked = new ArrayList<>();
        for (String rule : rules) {
            String value = Objects.requireNonNull(rule, "rule").strip().toLowerCase(Locale.ROOT);
            java.util.regex.Matcher address = CIDR.matcher(value);
            boolean validAddress = address.matches() && octetsValid(address);
            if (!validAddress && (isAddress(value) || !HOST.matcher(value).matches() || value.length() > 253)) {
                throw new InvalidSandboxConfigException("'" + rule + "' is not a network rule: give a host name"
                        + " (api.example.com), a wildcard (*.example.com), an IPv4 address or a block (10.0.0.0/8).");
            }
            if (!checked.contains(value)) {
                checked.add(value);
            }
        }
        return List.copyOf(checked);
    }

    /**
     * One host rule of a {@link CredentialRule}: a name or a wildcard, normalized; an address is
     * refused, since the proxy decrypts only traffic it reaches by name.
     */
    static String hostRule(String rule, String what) {
        String value = rule.strip().toLowerCase(Locale.ROOT);
        if (isAddress(value) || !HOST.matcher(value).matches() || value.length() > 253
                || value.startsWith("*.") && value.indexOf('.', 2) < 0) {
            throw new InvalidSandboxConfigException("'" + rule + "' is not the host of a " + what + ": give a host name"
                    + " (api.example.com) or a wildcard below a domain (*.example.com), not an address or a top-level domain.");
        }
        return value;
    }

    private static boolean octetsValid(java.util.regex.Matcher address) {
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(address.group(i)) > 255) {
                return false;
            }
        }
        return address.group(6) == null || Integer.parseInt(address.group(6)) <= 32;
    }
}
