package dev.sandboxes.network;

import java.time.Instant;
import java.util.Objects;

/**
 * One request a sandbox with an open or allow-list policy made through its egress proxy, and what
 * the proxy decided.
 *
 * <pre>{@code
 * sandbox.networkLog().stream().filter(e -> !e.allowed()).forEach(e -> System.out.println("blocked " + e.host()));
 * }</pre>
 *
 * @param time    when the proxy answered
 * @param method  {@code CONNECT} for HTTPS, else the HTTP method
 * @param host    the host asked for, a name or an address
 * @param port    the port asked for
 * @param allowed whether the proxy let it through
 */
public record NetworkLogEntry(Instant time, String method, String host, int port, boolean allowed) {

    public NetworkLogEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(host, "host");
    }
}
