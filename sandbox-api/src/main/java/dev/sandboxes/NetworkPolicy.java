package dev.sandboxes;

import java.util.Objects;

/**
 * What a sandbox may reach on the network. {@link #open()} (the default) reaches whatever the
 * engine's host reaches; {@link #none()} has no network at all, only its own loopback. Fixed at
 * creation.
 *
 * <p>A mounted Docker socket bypasses any policy (the agent can start a container on another
 * network), so {@code none()} with {@code mountDockerSocket()} is refused unless the policy says
 * {@link #evenWithDockerSocket()}.
 *
 * <pre>{@code
 * Sandboxes.forWorkspace(dir).network(NetworkPolicy.none()).open();
 * }</pre>
 *
 * @param mode              what the sandbox may reach
 * @param dockerSocketAllowed whether the caller insists on a Docker socket despite the policy
 */
public record NetworkPolicy(Mode mode, boolean dockerSocketAllowed) {

    /** What a sandbox may reach. */
    public enum Mode {
        /** Whatever the engine's host reaches. */
        OPEN,
        /** Nothing: no interface but loopback, no DNS. */
        NONE
    }

    public NetworkPolicy {
        Objects.requireNonNull(mode, "mode");
    }

    /** Whatever the engine's host reaches (the default). */
    public static NetworkPolicy open() {
        return new NetworkPolicy(Mode.OPEN, true);
    }

    /** No network at all. */
    public static NetworkPolicy none() {
        return new NetworkPolicy(Mode.NONE, false);
    }

    /** This policy, accepting a mounted Docker socket, which can bypass it. */
    public NetworkPolicy evenWithDockerSocket() {
        return new NetworkPolicy(mode, true);
    }

    /** How a sandbox's label records it: {@code open} or {@code none}. */
    public String label() {
        return mode.name().toLowerCase(java.util.Locale.ROOT);
    }
}
