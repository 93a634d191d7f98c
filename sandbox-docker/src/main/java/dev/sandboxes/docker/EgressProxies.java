package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.sandboxes.ExecRequest;
import dev.sandboxes.ExecResult;
import dev.sandboxes.NetworkLogEntry;
import dev.sandboxes.NetworkPolicy;
import dev.sandboxes.SandboxListener;
import dev.sandboxes.SandboxStateException;
import dev.sandboxes.Template;
import dev.sandboxes.spi.SandboxSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The egress proxies of sandboxes with an allow-list policy. Each such sandbox sits alone on an
 * internal network of its own, which has no route out; its proxy (Squid, image built locally like
 * the templates) sits on that network and on a shared, ordinary one, and is the sandbox's only way
 * out. The sandbox's DNS points at the proxy, which serves none, so no name outside resolves (also
 * on engines that, before the fix for CVE-2024-29018, forward internal networks' DNS through the
 * host); the proxy is reached by its alias, which the engine's own DNS answers.
 */
final class EgressProxies {

    /** The ordinary network the proxies reach the world through. */
    static final String EGRESS_NETWORK = "sandboxes-egress";
    /** The proxy's name on a sandbox's internal network. */
    static final String ALIAS = "egress-proxy";
    /** On a proxy and a sandbox's internal network: the sandbox's name. */
    static final String OF_LABEL = "dev.sandboxes.egress-of";
    private static final String TEMPLATE = "egress-proxy";
    private static final long PROXY_MEMORY = 256L * 1024 * 1024;
    private static final long PROXY_PIDS = 512;

    /** Where a prepared proxy is, for the sandbox's container. */
    record Prepared(String internalNetwork, String proxyAddress) {
        /** The proxy's URL, for HTTP_PROXY and its kin. */
        String url() {
            return "http://" + ALIAS + ":" + SquidConfig.PORT;
        }
    }

    private final DockerClient client;
    private final DockerErrors errors;
    private final TemplateBuilder templates;
    private final DockerExec exec;

    EgressProxies(DockerClient client, DockerErrors errors, TemplateBuilder templates, DockerExec exec) {
        this.client = client;
        this.errors = errors;
        this.templates = templates;
        this.exec = exec;
    }

    static String internalNetwork(String sandboxName) {
        return sandboxName + "-net";
    }

    static String proxyName(String sandboxName) {
        return sandboxName + "-egress";
    }

    /**
     * Makes (or finds, when another opener made it) the sandbox's internal network and running
     * proxy with the policy's rules. Whatever holds these names must be the sandbox's own.
     */
    Prepared prepare(SandboxSpec spec, NetworkPolicy policy, SandboxListener listener) {
        String image = templates.ensureBuilt(Template.builtIn(TEMPLATE), spec.templateSettings(), listener);
        String internal = internalNetwork(spec.name());
        String proxy = proxyName(spec.name());
        errors.run("prepare the egress proxy of sandbox " + spec.name(), () -> {
            ensureEgressNetwork();
            String subnet = ensureInternalNetwork(internal, spec.name());
            try {
                client.createContainerCmd(image).withName(proxy)
                        .withLabels(Map.of(OF_LABEL, spec.name(), EngineObjects.ROLE_LABEL, EngineObjects.Role.EGRESS_PROXY.value()))
                        .withHostConfig(HostConfig.newHostConfig().withNetworkMode(EGRESS_NETWORK)
                                .withRestartPolicy(RestartPolicy.unlessStoppedRestart())
                                // The proxy is the agent's neighbour: limited and hardened like a sandbox.
                                .withMemory(PROXY_MEMORY).withMemorySwap(PROXY_MEMORY).withPidsLimit(PROXY_PIDS)
                                .withCapDrop(Capability.NET_RAW, Capability.MKNOD, Capability.SYS_CHROOT)
                                .withSecurityOpts(List.of(SandboxCreator.NO_NEW_PRIVILEGES)))
                        .exec();
            } catch (ConflictException madeByAnotherOpener) {
                requireOwn(client.inspectContainerCmd(proxy).exec().getConfig().getLabels(), proxy, spec.name());
            }
            try {
                client.connectToNetworkCmd().withNetworkId(internal).withContainerId(proxy)
                        .withContainerNetwork(new ContainerNetwork().withAliases(ALIAS)).exec();
            } catch (DockerException alreadyConnected) {
                if (!connected(proxy, internal)) {
                    throw alreadyConnected;
                }
            }
            writeRules(proxy, policy, subnet);
            try {
                client.startContainerCmd(proxy).exec();
            } catch (NotModifiedException running) {
                reload(proxy, spec.name());
            }
        });
        return new Prepared(internal, addressOn(proxy, internal));
    }

    /** New rules for a running sandbox's proxy, checked by Squid before they replace the old ones. */
    void update(String sandboxName, NetworkPolicy policy) {
        String proxy = proxyName(sandboxName);
        String subnet = errors.call("inspect the network of sandbox " + sandboxName, () -> subnetOf(client.inspectNetworkCmd()
                .withNetworkId(internalNetwork(sandboxName)).exec()));
        writeRules(proxy, policy, subnet);
        reload(proxy, sandboxName);
    }

    /** Squid checks the new rules; only then do they replace the old, and SIGHUP makes it reload. */
    private void reload(String proxy, String sandboxName) {
        ExecResult reload = DockerExec.await(exec.start(proxy, ExecRequest.of("sh", "-c",
                "squid -k parse -f \"$1.new\" 2>&1 && mv \"$1.new\" \"$1\" && kill -HUP 1", "reload", SquidConfig.PATH)
                .asRoot().inDirectory("/")));
        if (reload.exitCode() != 0) {
            throw new SandboxStateException("The egress proxy of sandbox " + sandboxName + " refused the new rules: "
                    + (reload.stdout() + reload.stderr()).strip());
        }
    }

    /** The most log lines read at once: the log never rotates, and a busy agent makes many requests. */
    static final int LOG_LINES = 10_000;

    /** What the sandbox's proxy logged, oldest first: the last {@value #LOG_LINES} requests. */
    List<NetworkLogEntry> log(String sandboxName) {
        ExecResult log = DockerExec.await(exec.start(proxyName(sandboxName),
                ExecRequest.of("tail", "-n", String.valueOf(LOG_LINES), SquidConfig.LOG).asRoot().inDirectory("/")));
        return log.stdout().lines().map(SquidConfig::entry).flatMap(Optional::stream).toList();
    }

    /** Removes the sandbox's proxy and internal network, when they are its own; what is gone is no error. */
    void remove(String sandboxName) {
        errors.run("remove the egress proxy of sandbox " + sandboxName, () -> {
            try {
                String proxy = proxyName(sandboxName);
                if (sandboxName.equals(labels(client.inspectContainerCmd(proxy).exec().getConfig().getLabels()).get(OF_LABEL))) {
                    client.removeContainerCmd(proxy).withForce(true).exec();
                }
            } catch (NotFoundException gone) {
                // Never made, or removed already.
            }
            try {
                Network network = client.inspectNetworkCmd().withNetworkId(internalNetwork(sandboxName)).exec();
                if (sandboxName.equals(labels(network.getLabels()).get(OF_LABEL))) {
                    client.removeNetworkCmd(network.getId()).exec();
                }
            } catch (NotFoundException gone) {
                // Never made, or removed already.
            }
        });
    }

    /**
     * The rules go to a new file next to the current one: {@link #reload} checks them before they
     * replace it. On a first start, Squid reads them from the current one.
     */
    private void writeRules(String proxy, NetworkPolicy policy, String subnet) {
        String config = SquidConfig.of(policy, subnet);
        SetupArchive rules = new SetupArchive().file(SquidConfig.PATH + ".new", config, 0644, 0, 0)
                .file(SquidConfig.PATH, config, 0644, 0, 0);
        errors.run("write the rules of egress proxy " + proxy, () -> client.copyArchiveToContainerCmd(proxy)
                .withTarInputStream(rules.toTar()).withRemotePath("/").exec());
    }

    private void ensureEgressNetwork() {
        try {
            client.inspectNetworkCmd().withNetworkId(EGRESS_NETWORK).exec();
        } catch (NotFoundException missing) {
            try {
                client.createNetworkCmd().withName(EGRESS_NETWORK).withDriver("bridge")
                        .withLabels(EngineObjects.Role.EGRESS_NETWORK.label()).withCheckDuplicate(true).exec();
            } catch (ConflictException madeMeanwhile) {
                // Another opener made it a moment ago.
            }
        }
    }

    /**
     * The sandbox's internal network, made when missing: no route out, and no address of the host's
     * on its bridge, so that not even the host's own services can be reached from inside.
     *
     * @return its subnet
     */
    private String ensureInternalNetwork(String name, String sandboxName) {
        try {
            client.createNetworkCmd().withName(name).withDriver("bridge").withInternal(true)
                    .withOptions(Map.of("com.docker.network.bridge.inhibit_ipv4", "true"))
                    .withLabels(Map.of(OF_LABEL, sandboxName, EngineObjects.ROLE_LABEL, EngineObjects.Role.SANDBOX_NETWORK.value()))
                    .withCheckDuplicate(true).exec();
        } catch (ConflictException madeMeanwhile) {
            // Another opener of the same sandbox made it: checked below.
        }
        Network network = client.inspectNetworkCmd().withNetworkId(name).exec();
        if (!Boolean.TRUE.equals(network.getInternal()) || !sandboxName.equals(labels(network.getLabels()).get(OF_LABEL))) {
            throw new SandboxStateException("A network named " + name + " exists and is not the internal network of"
                    + " sandbox " + sandboxName + ": remove it (docker network rm " + name + ") or give the sandbox another name.");
        }
        return subnetOf(network);
    }

    private static String subnetOf(Network network) {
        return network.getIpam().getConfig().get(0).getSubnet();
    }

    private static void requireOwn(Map<String, String> containerLabels, String proxy, String sandboxName) {
        if (!sandboxName.equals(labels(containerLabels).get(OF_LABEL))) {
            throw new SandboxStateException("A container named " + proxy + " exists and is not the egress proxy of"
                    + " sandbox " + sandboxName + ": remove it or give the sandbox another name.");
        }
    }

    private static Map<String, String> labels(Map<String, String> labels) {
        return labels == null ? Map.of() : labels;
    }

    /** Whether the proxy is on that network already (another opener connected it). */
    private boolean connected(String proxy, String network) {
        return client.inspectContainerCmd(proxy).exec().getNetworkSettings().getNetworks().containsKey(network);
    }

    private String addressOn(String proxy, String network) {
        InspectContainerResponse container = errors.call("inspect egress proxy " + proxy,
                () -> client.inspectContainerCmd(proxy).exec());
        ContainerNetwork attachment = container.getNetworkSettings().getNetworks().get(network);
        if (attachment == null || attachment.getIpAddress() == null || attachment.getIpAddress().isEmpty()) {
            throw new SandboxStateException("The egress proxy " + proxy + " has no address on " + network + ".");
        }
        return attachment.getIpAddress();
    }
}
