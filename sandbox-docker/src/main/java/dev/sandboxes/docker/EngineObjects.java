package dev.sandboxes.docker;

import java.util.Map;

/**
 * The label that says what the library made on an engine. Every container, network and volume it
 * creates carries {@value #ROLE_LABEL} with its role, so that one filter lists them all (objects
 * made by versions before it lack it: sandboxes are still known by their marker label):
 *
 * <pre>{@code
 * docker ps -a --filter label=dev.sandboxes.role        # sandboxes, egress proxies, probes
 * docker network ls --filter label=dev.sandboxes.role   # the proxies' network, sandboxes' own networks
 * docker volume ls --filter label=dev.sandboxes.role    # credential volumes
 * }</pre>
 */
final class EngineObjects {

    static final String ROLE_LABEL = "dev.sandboxes.role";

    /** What one object is for. */
    enum Role {
        /** A sandbox's container. */
        SANDBOX("sandbox"),
        /**
         * A short-lived container that reads a template image's files (never started), or lists the
         * host's addresses (started, on the host's network, for a moment).
         */
        PROBE("probe"),
        /** A sandbox's egress proxy container. */
        EGRESS_PROXY("egress-proxy"),
        /** The ordinary network every egress proxy reaches the world through; kept, shared by all proxies. */
        EGRESS_NETWORK("egress-network"),
        /** The internal network of one sandbox behind an egress proxy (an open or allow-list policy). */
        SANDBOX_NETWORK("sandbox-network"),
        /** An agent's credentials volume; kept, shared by all that agent's sandboxes. */
        CREDENTIALS("credentials");

        private final String value;

        Role(String value) {
            this.value = value;
        }

        String value() {
            return value;
        }

        /** The label to put on an object of this role. */
        Map<String, String> label() {
            return Map.of(ROLE_LABEL, value);
        }
    }

    private EngineObjects() {
    }
}
