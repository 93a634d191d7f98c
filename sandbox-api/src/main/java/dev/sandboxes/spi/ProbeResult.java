package dev.sandboxes.spi;

import java.util.Objects;

/**
 * Whether a runtime provider can work here, and why not when it cannot.
 *
 * <pre>{@code
 * ProbeResult probe = provider.probe(RuntimeConfig.fromHost());
 * if (!probe.available()) System.err.println(provider.name() + ": " + probe.reason());
 * }</pre>
 *
 * @param available whether the runtime can be created
 * @param reason    what was found (for example the endpoint), or why it is unavailable
 */
public record ProbeResult(boolean available, String reason) {

    public ProbeResult {
        Objects.requireNonNull(reason, "reason");
    }

    public static ProbeResult available(String reason) {
        return new ProbeResult(true, reason);
    }

    public static ProbeResult unavailable(String reason) {
        return new ProbeResult(false, reason);
    }
}
