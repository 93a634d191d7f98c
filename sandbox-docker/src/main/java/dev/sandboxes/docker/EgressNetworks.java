package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.errors.SandboxStateException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The networks behind the egress proxies: the shared, ordinary one the proxies reach the world
 * through, and one internal network per sandbox, which has no route out.
 *
 * <p>Each internal network takes a /28 of the library's own pool ({@value #DEFAULT_POOL}, or
 * {@value #POOL_VARIABLE}), chosen at random and chosen again when the engine says it overlaps:
 * the engine's default pools hold about thirty networks, far fewer than the sandboxes of a busy
 * machine. Its name has a random part too, and is found again by the sandbox's labels: the
 * engine's check for a duplicate name is not atomic, and two openers racing under one name made two
 * networks that no container could then use ("network … is ambiguous").
 */
final class EgressNetworks {

    /** The ordinary network the proxies reach the world through. */
    static final String EGRESS_NETWORK = "sandboxes-egress";
    static final String POOL_VARIABLE = "SANDBOXES_INTERNAL_NETWORK_POOL";
    static final String DEFAULT_POOL = "10.213.0.0/16";
    private static final int PREFIX = 28;
    private static final int ATTEMPTS = 32;
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Openers of one JVM make the shared network one at a time: the engine's duplicate check is not atomic. */
    private static final Object EGRESS_NETWORK_LOCK = new Object();

    private final DockerClient client;
    private final int poolBase;
    private final int poolPrefix;

    EgressNetworks(DockerClient client, String pool) {
        this.client = client;
        Matcher cidr = CIDR.matcher(pool.strip());
        if (!cidr.matches() || Integer.parseInt(cidr.group(5)) > PREFIX) {
            throw new InvalidSandboxConfigException(POOL_VARIABLE + " is '" + pool + "': give an IPv4 block of /"
                    + PREFIX + " or larger, such as " + DEFAULT_POOL + ".");
        }
        this.poolPrefix = Integer.parseInt(cidr.group(5));
        this.poolBase = address(cidr) & mask(poolPrefix);
    }

    /** The pool from the environment, else {@value #DEFAULT_POOL}. */
    static String poolFromEnvironment() {
        String pool = System.getenv(POOL_VARIABLE);
        return pool == null || pool.isBlank() ? DEFAULT_POOL : pool;
    }

    void ensureEgressNetwork() {
        synchronized (EGRESS_NETWORK_LOCK) {
            try {
                client.inspectNetworkCmd().withNetworkId(EGRESS_NETWORK).exec();
            } catch (NotFoundException missing) {
                try {
                    client.createNetworkCmd().withName(EGRESS_NETWORK).withDriver("bridge")
                            .withLabels(EngineObjects.Role.EGRESS_NETWORK.label()).withCheckDuplicate(true).exec();
                } catch (ConflictException madeMeanwhile) {
                    // Another process made it a moment ago.
                }
            }
        }
    }

    /** A new internal network for the sandbox: no route out, and no address of the host's on its bridge. */
    Made createInternal(String sandboxName) {
        DockerException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String subnet = randomSubnet();
            String name = sandboxName + "-net-" + Long.toHexString(RANDOM.nextLong() & 0xffffffffffffL);
            try {
                String id = client.createNetworkCmd().withName(name).withDriver("bridge").withInternal(true)
                        .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(subnet)))
                        .withOptions(Map.of("com.docker.network.bridge.inhibit_ipv4", "true"))
                        .withLabels(labels(sandboxName))
                        .withCheckDuplicate(true).exec().getId();
                return new Made(id, name, subnet);
            } catch (DockerException refused) {
                if (!overlaps(refused)) {
                    throw refused;
                }
                last = refused;  // another network holds that block: draw again
            }
        }
        throw new SandboxStateException("No free /" + PREFIX + " was found in " + POOL_VARIABLE + " after " + ATTEMPTS
                + " tries (the engine said: " + DockerErrors.engineMessage(last) + "). Remove unused sandboxes"
                + " (sandbox prune), or give a larger pool in " + POOL_VARIABLE + ".");
    }

    /** The sandbox's, and its maker's, so that what a dead opener left is known to be nobody's. */
    private static Map<String, String> labels(String sandboxName) {
        Map<String, String> labels = new java.util.HashMap<>(ProcessOwner.current().labels());
        labels.put(EgressProxies.OF_LABEL, sandboxName);
        labels.putAll(EngineObjects.Role.SANDBOX_NETWORK.label());
        return labels;
    }

    /** An internal network made for a sandbox: its id, name and subnet. */
    record Made(String id, String name, String subnet) {
        /** The address the proxy takes on it: the highest host address, far from those the engine hands out first. */
        String proxyAddress() {
            return lastHostAddress(subnet);
        }
    }

    /** Removes a sandbox's internal network; gone already is no error. */
    void removeInternal(String name) {
        try {
            client.removeNetworkCmd(name).exec();
        } catch (NotFoundException gone) {
            // Never made, or removed already.
        }
    }

    String subnetOf(String network) {
        Network found = client.inspectNetworkCmd().withNetworkId(network).exec();
        return found.getIpam().getConfig().get(0).getSubnet();
    }

    /** The highest host address of an IPv4 block: {@code 10.213.4.16/28} gives {@code 10.213.4.30}. */
    static String lastHostAddress(String subnet) {
        Matcher cidr = CIDR.matcher(subnet);
        if (!cidr.matches()) {
            throw new IllegalArgumentException("not an IPv4 block: " + subnet);
        }
        int prefix = Integer.parseInt(cidr.group(5));
        int broadcast = (address(cidr) & mask(prefix)) | ~mask(prefix);
        return dotted(broadcast - 1);
    }

    private String randomSubnet() {
        int blocks = 1 << (PREFIX - poolPrefix);
        return dotted(poolBase + (RANDOM.nextInt(blocks) << (32 - PREFIX))) + "/" + PREFIX;
    }

    private static boolean overlaps(DockerException refused) {
        String message = DockerErrors.engineMessage(refused).toLowerCase(Locale.ROOT);
        return message.contains("overlap") || message.contains("address already in use");
    }

    private static int address(Matcher cidr) {
        int value = 0;
        for (int i = 1; i <= 4; i++) {
            value = (value << 8) | Integer.parseInt(cidr.group(i));
        }
        return value;
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    private static String dotted(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 255) + "." + ((address >>> 8) & 255) + "." + (address & 255);
    }
}
