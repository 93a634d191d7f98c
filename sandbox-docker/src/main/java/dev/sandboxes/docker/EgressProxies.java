package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
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
     * proxy with the policy's rules.
     */
    Prepared prepare(SandboxSpec spec, NetworkPolicy policy, SandboxListener listener) {
        String image = templates.ensureBuilt(Template.builtIn(TEMPLATE), spec.templateSettings(), listener);
        String internal = internalNetwork(spec.name());
        String proxy = proxyName(spec.name());
        errors.run("prepare the egress proxy of sandbox " + spec.name(), () -> {
            ensureNetwork(EGRESS_NETWORK, false, Map.of());
            ensureNetwork(internal, true, Map.of(OF_LABEL, spec.name()));
            try {
                client.createContainerCmd(image).withName(proxy)
                        .withLabels(Map.of(OF_LABEL, spec.name()))
                        .withHostConfig(HostConfig.newHostConfig().withNetworkMode(EGRESS_NETWORK)
                                .withRestartPolicy(RestartPolicy.unlessStoppedRestart()))
                        .exec();
                client.connectToNetworkCmd().withNetworkId(internal).withContainerId(proxy)
                        .withContainerNetwork(new ContainerNetwork().withAliases(ALIAS)).exec();
            } catch (ConflictException madeByAnotherOpener) {
                // Same sandbox, same proxy: use it.
            }
            writeRules(proxy, policy);
            client.startContainerCmd(proxy).exec();
        });
        return new Prepared(internal, addressOn(proxy, internal));
    }

    /** New rules for a running sandbox's proxy, in force at once. */
    void update(String sandboxName, NetworkPolicy policy) {
        String proxy = proxyName(sandboxName);
        writeRules(proxy, policy);
        // Squid is the proxy container's first process: checked rules, then SIGHUP, which reloads them.
        ExecResult reload = DockerExec.await(exec.start(proxy, ExecRequest.of("sh", "-c",
                "squid -k parse -f \"$1\" 2>&1 && kill -HUP 1", "reload", SquidConfig.PATH).asRoot().inDirectory("/")));
        if (reload.exitCode() != 0) {
            throw new SandboxStateException("The egress proxy of sandbox " + sandboxName + " refused the new rules: "
                    + (reload.stdout() + reload.stderr()).strip());
        }
    }

    /** What the sandbox's proxy logged, oldest first. */
    List<NetworkLogEntry> log(String sandboxName) {
        ExecResult log = DockerExec.await(exec.start(proxyName(sandboxName),
                ExecRequest.of("cat", SquidConfig.LOG).asRoot().inDirectory("/")));
        return log.stdout().lines().map(SquidConfig::entry).flatMap(Optional::stream).toList();
    }

    /** Removes the sandbox's proxy and internal network; what is already gone is no error. */
    void remove(String sandboxName) {
        errors.run("remove the egress proxy of sandbox " + sandboxName, () -> {
            try {
                client.removeContainerCmd(proxyName(sandboxName)).withForce(true).exec();
            } catch (NotFoundException gone) {
                // Never made, or removed already.
            }
            try {
                client.removeNetworkCmd(internalNetwork(sandboxName)).exec();
            } catch (NotFoundException gone) {
                // Never made, or removed already.
            }
        });
    }

    private void writeRules(String proxy, NetworkPolicy policy) {
        SetupArchive rules = new SetupArchive().file(SquidConfig.PATH, SquidConfig.of(policy), 0644, 0, 0);
        errors.run("write the rules of egress proxy " + proxy, () -> client.copyArchiveToContainerCmd(proxy)
                .withTarInputStream(rules.toTar()).withRemotePath("/").exec());
    }

    private void ensureNetwork(String name, boolean internal, Map<String, String> labels) {
        try {
            client.inspectNetworkCmd().withNetworkId(name).exec();
        } catch (NotFoundException missing) {
            try {
                client.createNetworkCmd().withName(name).withDriver("bridge").withInternal(internal)
                        .withLabels(labels).withCheckDuplicate(true).exec();
            } catch (ConflictException madeMeanwhile) {
                // Another opener made it a moment ago.
            }
        }
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
