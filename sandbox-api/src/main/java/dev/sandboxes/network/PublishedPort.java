package dev.sandboxes.network;

import dev.sandboxes.errors.InvalidSandboxConfigException;

/**
 * A port of the sandbox reachable from the host. Asked for with {@code publish(...)} on the builder
 * (a host port of 0 lets the engine choose a free one); {@code info().ports()} tells the port chosen.
 *
 * <pre>{@code
 * Sandbox sandbox = Sandboxes.forWorkspace(dir).template("node:22").publish(3000).open();
 * int hostPort = sandbox.info().ports().get(0).hostPort();   // http://127.0.0.1:hostPort reaches port 3000
 * }</pre>
 *
 * @param sandboxPort the TCP port inside the sandbox
 * @param hostAddress the host address it is bound to: {@value #LOOPBACK} unless all interfaces were asked for
 * @param hostPort    the host port, or 0 when the engine is to choose (in a request only)
 */
public record PublishedPort(int sandboxPort, String hostAddress, int hostPort) {

    /** Where published ports are bound unless the caller asks for all interfaces. */
    public static final String LOOPBACK = "127.0.0.1";
    /** All interfaces of the host. */
    public static final String ALL_INTERFACES = "0.0.0.0";

    public PublishedPort {
        if (sandboxPort < 1 || sandboxPort > 65_535) {
            throw new InvalidSandboxConfigException("The sandbox port " + sandboxPort + " is not a TCP port: give 1 to 65535.");
        }
        if (hostPort < 0 || hostPort > 65_535) {
            throw new InvalidSandboxConfigException("The host port " + hostPort
                    + " is not a TCP port: give 1 to 65535, or 0 to let the engine choose.");
        }
        java.util.Objects.requireNonNull(hostAddress, "hostAddress");
    }

    @Override
    public String toString() {
        return hostAddress + ":" + hostPort + "->" + sandboxPort;
    }
}
