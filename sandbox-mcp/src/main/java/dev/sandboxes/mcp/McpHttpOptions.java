package dev.sandboxes.mcp;

import dev.sandboxes.errors.InvalidSandboxConfigException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where and how {@link SandboxMcpServer#serveHttp} listens. Loopback unless told otherwise; every
 * request needs {@code Authorization: Bearer <token>} (a token is generated when none is given);
 * its {@code Host} must be one of the allowed hosts (the address it listens on, and
 * {@code localhost}, by default), and an {@code Origin}, when the request has one, one of the
 * allowed origins (none by default: browsers' pages are refused, command-line clients send no
 * {@code Origin}). Those checks stop DNS rebinding and other web pages from reaching the server.
 *
 * <pre>{@code
 * McpHttpOptions options = McpHttpOptions.loopback(8765).allowOrigin("http://localhost:6274");
 * }</pre>
 */
public final class McpHttpOptions {

    private final String host;
    private final int port;
    private final String token;
    private final Set<String> allowedHosts;
    private final Set<String> allowedOrigins;

    private McpHttpOptions(String host, int port, String token, Set<String> allowedHosts, Set<String> allowedOrigins) {
        if (port < 0 || port > 65535) {
            throw new InvalidSandboxConfigException("The port must be between 0 (any free one) and 65535; it was " + port + ".");
        }
        if (host.isBlank()) {
            throw new InvalidSandboxConfigException("The address to listen on is empty: give 127.0.0.1, say.");
        }
        if (token != null && token.length() < 16) {
            throw new InvalidSandboxConfigException("The token must be at least 16 characters long: leave it out to have "
                    + "one generated.");
        }
        this.host = host;
        this.port = port;
        this.token = token;
        this.allowedHosts = Set.copyOf(allowedHosts);
        this.allowedOrigins = Set.copyOf(allowedOrigins);
    }

    /** On 127.0.0.1 at this port (0: any free one), with a generated token. */
    public static McpHttpOptions loopback(int port) {
        return new McpHttpOptions("127.0.0.1", port, null, Set.of(), Set.of());
    }

    /** On this address; anything but loopback lets other machines try the token. */
    public static McpHttpOptions on(String host, int port) {
        return new McpHttpOptions(host, port, null, Set.of(), Set.of());
    }

    /** With this token instead of a generated one (at least 16 characters). */
    public McpHttpOptions token(String bearerToken) {
        return new McpHttpOptions(host, port, bearerToken, allowedHosts, allowedOrigins);
    }

    /** Also accepts requests whose {@code Host} is this ({@code name} or {@code name:port}). */
    public McpHttpOptions allowHost(String hostHeader) {
        Set<String> hosts = new LinkedHashSet<>(allowedHosts);
        hosts.add(hostHeader.toLowerCase(java.util.Locale.ROOT));
        return new McpHttpOptions(host, port, token, hosts, allowedOrigins);
    }

    /** Accepts requests from pages of this origin ({@code scheme://host[:port]}), such as a web inspector's. */
    public McpHttpOptions allowOrigin(String origin) {
        Set<String> origins = new LinkedHashSet<>(allowedOrigins);
        origins.add(origin.toLowerCase(java.util.Locale.ROOT));
        return new McpHttpOptions(host, port, token, allowedHosts, origins);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The token given, if one was. */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    public Set<String> allowedHosts() {
        return allowedHosts;
    }

    public Set<String> allowedOrigins() {
        return allowedOrigins;
    }

    static String generateToken() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The {@code Host} values accepted once the port is known. */
    Set<String> hostsFor(int boundPort) {
        Set<String> names = new LinkedHashSet<>(List.of(bracketed(host), "localhost", "127.0.0.1", "[::1]"));
        Set<String> hosts = new LinkedHashSet<>();
        for (String allowed : allowedHosts) {
            // A name alone stands for itself at this port too: clients send "name:port".
            hosts.add(allowed);
            if (!allowed.matches(".*:\\d+")) {
                names.add(allowed);
            }
        }
        for (String name : names) {
            hosts.add(name.toLowerCase(java.util.Locale.ROOT) + ":" + boundPort);
        }
        return hosts;
    }

    /** An IPv6 address as it appears in a URL or a Host header. */
    static String bracketed(String address) {
        return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
    }
}
