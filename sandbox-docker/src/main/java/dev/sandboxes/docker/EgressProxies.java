package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import dev.sandboxes.network.CredentialRule;
import dev.sandboxes.network.NetworkLogEntry;
import dev.sandboxes.network.NetworkPolicy;
import dev.sandboxes.network.PublishedPort;
import dev.sandboxes.spi.SandboxSpec;
import dev.sandboxes.spi.LabelCodec;
import dev.sandboxes.templates.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The egress proxies of sandboxes with an open or allow-list policy. Each such sandbox sits alone
 * on an internal network of its own, which has no route out; its proxy (Squid, image built locally
 * like the templates) sits on that network and on a shared, ordinary one, and is the sandbox's only
 * way out. That fails closed by construction: whatever restarts the sandbox (the engine after its
 * own restart, an idle stop, a reset), it comes back on a network with no route but the proxy.
 *
 * <p>The sandbox's DNS points at the proxy, which serves none, so no name outside resolves (also on
 * engines that, before the fix for CVE-2024-29018, forward internal networks' DNS through the host);
 * the proxy is reached by its alias, which the engine's own DNS answers. Ports the sandbox publishes
 * are the proxy's, forwarded to the sandbox: an internal network drops published ports.
 *
 * <p>Every opener makes a proxy and a network of its own, under names with a random part, before it
 * races for the sandbox's name; the loser removes its own, so that no two openers ever share one.
 * The sandbox's labels name the winner's ({@link #PROXY_LABEL}, {@link #NETWORK_LABEL}).
 */
final class EgressProxies {

    /** The proxy's name on a sandbox's internal network. */
    static final String ALIAS = "egress-proxy";
    /** On a proxy and a sandbox's internal network: the sandbox's name. */
    static final String OF_LABEL = "dev.sandboxes.egress-of";
    /** On a sandbox: its proxy's container name. */
    static final String PROXY_LABEL = "dev.sandboxes.egress-proxy";
    /** On a sandbox: its internal network's name. */
    static final String NETWORK_LABEL = "dev.sandboxes.egress-network";
    /** On a proxy: the ports it forwards, {@code proxyPort>sandboxPort} joined by commas. */
    static final String FORWARDS_LABEL = "dev.sandboxes.egress-forwards";
    /** On a proxy that can inject credentials (one made before could not). */
    static final String CREDENTIALS_LABEL = "dev.sandboxes.egress-credentials";
    /** On a sandbox that trusts its proxy's certificate authority, made so at creation. */
    static final String TRUST_LABEL = "dev.sandboxes.egress-trust";
    /** The proxy's port for the sandbox's first published port; the next ones follow. */
    static final int FIRST_FORWARD_PORT = 40000;
    private static final String TEMPLATE = "egress-proxy";
    private static final String SECRETS_FOLDER = SquidConfig.CREDENTIALS.substring(0, SquidConfig.CREDENTIALS.lastIndexOf('/'));
    private static final long PROXY_MEMORY = 256L * 1024 * 1024;
    private static final long PROXY_PIDS = 512;

    /**
     * A proxy made for a sandbox, not yet started; its network, where the sandbox finds it, and
     * whether the sandbox is to trust its certificate authority.
     */
    record Prepared(String proxy, String internalNetwork, String proxyAddress, boolean trusted) {
        /** The proxy's URL, for HTTP_PROXY and its kin. */
        String url() {
            return "http://" + ALIAS + ":" + SquidConfig.PORT;
        }

        /** The labels that tie the sandbox to this proxy and network. */
        Map<String, String> sandboxLabels() {
            return trusted ? Map.of(PROXY_LABEL, proxy, NETWORK_LABEL, internalNetwork, TRUST_LABEL, "true")
                    : Map.of(PROXY_LABEL, proxy, NETWORK_LABEL, internalNetwork);
        }
    }

    /** A sandbox's proxy and network, by name. */
    record Names(String proxy, String internalNetwork) {
        /**
         * What a sandbox's labels name; for an allow-list sandbox made before the labels, the fixed
         * names of then; none for a sandbox without a proxy.
         */
        static Optional<Names> of(SandboxSummary sandbox) {
            Map<String, String> labels = sandbox.labels();
            // Blank in a sandbox made from a saved image, which keeps the library's labels emptied.
            if (!labels.getOrDefault(PROXY_LABEL, "").isBlank() && !labels.getOrDefault(NETWORK_LABEL, "").isBlank()) {
                return Optional.of(new Names(labels.get(PROXY_LABEL), labels.get(NETWORK_LABEL)));
            }
            return LabelCodec.networkMode(labels) == NetworkPolicy.Mode.ALLOW_LIST
                    ? Optional.of(new Names(sandbox.name() + "-egress", sandbox.name() + "-net")) : Optional.empty();
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EgressProxies.class);

    private final DockerClient client;
    private final DockerErrors errors;
    private final TemplateBuilder templates;
    private final DockerExec exec;
    private final EgressNetworks networks;
    private final HostAddresses hostAddresses;

    EgressProxies(DockerClient client, DockerErrors errors, TemplateBuilder templates, DockerExec exec,
                  EgressNetworks networks) {
        this.client = client;
        this.errors = errors;
        this.templates = templates;
        this.exec = exec;
        this.networks = networks;
        this.hostAddresses = new HostAddresses(client, errors, exec);
    }

    /**
     * Makes a new internal network and, on it, a proxy with the policy's rules, not started: it
     * starts once its sandbox exists ({@link #start}), or goes ({@link #discard}) when another opener
     * won the sandbox's name.
     */
    Prepared prepare(SandboxSpec spec, NetworkPolicy policy, List<CredentialRule> rules, SandboxListener listener) {
        String image = templates.ensureBuilt(Template.builtIn(TEMPLATE), spec.templateSettings(), listener);
        List<String> host = policy.mode() == NetworkPolicy.Mode.OPEN ? hostAddresses.of(image) : List.of();
        return errors.call("prepare the egress proxy of sandbox " + spec.name(), () -> {
            networks.ensureEgressNetwork();
            EgressNetworks.Made internal = networks.createInternal(spec.name());
            String proxy = spec.name() + "-egress-" + internal.name().substring(internal.name().lastIndexOf('-') + 1);
            Prepared prepared = new Prepared(proxy, internal.name(), internal.proxyAddress(),
                    spec.injection().needsTrust(spec.credentialsOrDefault()));
            try {
                createProxy(image, proxy, spec);
                client.connectToNetworkCmd().withNetworkId(internal.id()).withContainerId(proxy)
                        .withContainerNetwork(new ContainerNetwork().withAliases(ALIAS)
                                .withIpamConfig(new ContainerNetwork.Ipam().withIpv4Address(internal.proxyAddress())))
                        .exec();
                SetupArchive files = rulesArchive(SquidConfig.of(policy, internal.subnet(), host, true), true)
                        .file(SquidConfig.CREDENTIALS_SHAPE, CredentialConfig.shapeOf(rules), 0644, 0, 0)
                        .file(ProxyScripts.EXTRA_CA, spec.injection().upstreamCertificates(), 0644, 0, 0);
                if (!rules.isEmpty()) {
                    files.file(ProxyScripts.AWAIT_CREDENTIALS, "", 0644, 0, 0);
                }
                copy(proxy, files);
            } catch (RuntimeException e) {
                discard(prepared);
                throw e;
            }
            return prepared;
        });
    }

    private void createProxy(String image, String proxy, SandboxSpec spec) {
        List<PublishedPort> ports = spec.portsOrEmpty();
        List<ExposedPort> exposed = new ArrayList<>();
        Ports bindings = new Ports();
        List<String> forwards = new ArrayList<>();
        List<String> forwardLabel = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            PublishedPort port = ports.get(i);
            ExposedPort proxyPort = ExposedPort.tcp(FIRST_FORWARD_PORT + i);
            exposed.add(proxyPort);
            bindings.bind(proxyPort, SandboxCreator.hostBinding(port));
            forwards.add(proxyPort.getPort() + ":" + spec.name() + ":" + port.sandboxPort());
            forwardLabel.add(proxyPort.getPort() + ">" + port.sandboxPort());
        }
        Map<String, String> labels = new LinkedHashMap<>(Map.of(OF_LABEL, spec.name(),
                EngineObjects.ROLE_LABEL, EngineObjects.Role.EGRESS_PROXY.value(), CREDENTIALS_LABEL, "true"));
        // Its maker, so that what a dead opener left is known to be nobody's (removeOrphans).
        labels.putAll(ProcessOwner.current().labels());
        if (!forwardLabel.isEmpty()) {
            labels.put(FORWARDS_LABEL, String.join(",", forwardLabel));
        }
        client.createContainerCmd(image).withName(proxy).withLabels(labels)
                .withEnv(forwards.isEmpty() ? List.of() : List.of("SANDBOXES_FORWARD=" + String.join(" ", forwards)))
                .withExposedPorts(exposed)
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(EgressNetworks.EGRESS_NETWORK)
                        .withInit(true)
                        // Where the credentials live: memory only, gone when the proxy stops.
                        .withTmpFs(Map.of(SECRETS_FOLDER, "rw,noexec,nosuid,nodev,size=1m,mode=0700"))
                        .withPortBindings(bindings)
                        .withRestartPolicy(RestartPolicy.unlessStoppedRestart())
                        // The proxy is the agent's neighbour: limited and hardened like a sandbox.
                        .withMemory(PROXY_MEMORY).withMemorySwap(PROXY_MEMORY).withPidsLimit(PROXY_PIDS)
                        .withCapDrop(Capability.NET_RAW, Capability.MKNOD, Capability.SYS_CHROOT)
                        .withSecurityOpts(List.of(SandboxCreator.NO_NEW_PRIVILEGES)))
                .exec();
    }

    /**
     * Starts a prepared proxy on a thread of its own: the engine starts it while the opener writes
     * the sandbox's files. The sandbox starts only once this is done ({@link #awaitStarted}).
     */
    CompletableFuture<Void> start(Prepared prepared, List<CredentialRule> rules) {
        return CompletableFuture.runAsync(() -> {
            errors.run("start egress proxy " + prepared.proxy(), () -> {
                try {
                    client.startContainerCmd(prepared.proxy()).exec();
                } catch (NotModifiedException startedByAnother) {
                    // An opener that took over an unstarted sandbox started it: as good.
                }
            });
            if (!rules.isEmpty()) {
                // Squid waits for them before it starts: the sandbox's first request carries them.
                writeCredentials(prepared.proxy(), rules, "sandbox of proxy " + prepared.proxy());
            }
            awaitListening(prepared.proxy());
        });
    }

    /**
     * A started container is not yet a proxy: Squid reads its rules and opens its port a moment
     * later, and a sandbox's first request must not find the port closed.
     */
    private void awaitListening(String proxy) {
        ExecResult listening = exec.start(proxy,
                ExecRequest.of("sh", "-c", ProxyScripts.AWAIT_LISTENING).asRoot().inDirectory("/")).await();
        if (listening.exitCode() != 0) {
            throw new SandboxStateException("The egress proxy " + proxy + " did not listen within 10 s: "
                    + (listening.stdout() + listening.stderr()).strip());
        }
    }

    /** Waits for a {@link #start}, and throws what it threw. */
    static void awaitStarted(CompletableFuture<Void> started) {
        try {
            started.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new SandboxStateException("The egress proxy did not start: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxStateException("Interrupted while the egress proxy started.", e);
        }
    }

    /**
     * Removes a proxy and network that no sandbox came of; what is gone is no error. It cleans up
     * after a failure or a lost race, so its own failure is logged, not thrown: the leftovers are
     * swept later ({@link #removeOrphans}).
     */
    void discard(Prepared prepared) {
        try {
            remove(new Names(prepared.proxy(), prepared.internalNetwork()));
        } catch (RuntimeException e) {
            LOG.debug("Could not remove egress proxy {} and network {}", prepared.proxy(), prepared.internalNetwork(), e);
        }
    }

    /** Starts the sandbox's proxy if someone stopped it: without it, the sandbox reaches nothing. */
    void ensureRunning(SandboxSummary sandbox) {
        Names.of(sandbox).ifPresent(names -> errors.run("start the egress proxy of sandbox " + sandbox.name(), () -> {
            try {
                client.startContainerCmd(names.proxy()).exec();
            } catch (NotModifiedException running) {
                // As it should be.
            }
        }));
    }

    /** New rules for a running sandbox's proxy, checked by Squid before they replace the old ones. */
    void update(SandboxSummary sandbox, NetworkPolicy policy) {
        Names names = Names.of(sandbox).orElseThrow(() -> new SandboxStateException("The sandbox " + sandbox.name()
                + " has no egress proxy (it was made with the network policy 'direct' or 'none', or before open"
                + " sandboxes had one): open it again with network(...) and recreate() to change its policy."));
        String subnet = errors.call("inspect the network of sandbox " + sandbox.name(),
                () -> networks.subnetOf(names.internalNetwork()));
        var proxy = errors.call("inspect egress proxy " + names.proxy(), () -> client.inspectContainerCmd(names.proxy()).exec());
        List<String> host = policy.mode() == NetworkPolicy.Mode.OPEN ? hostAddresses.of(proxy.getImageId()) : List.of();
        copy(names.proxy(), rulesArchive(SquidConfig.of(policy, subnet, host, injects(proxy.getConfig().getLabels())), false));
        // Squid checks the new rules; only then do they replace the old (unless they are the same), and
        // it reloads. The call waits until Squid listens again: the next request meets the new rules.
        run(names.proxy(), ExecRequest.of("sh", "-c", ProxyScripts.REPLACE_RULES, "replace", SquidConfig.PATH),
                "The egress proxy of sandbox " + sandbox.name() + " refused the new rules: ");
    }

    /**
     * Replaces the credential rules of a running sandbox's proxy: their shape (no secret) through
     * the archive API, the rules with their secrets over an exec's standard input onto the proxy's
     * tmpfs. The old secrets are no longer sent once this returns.
     */
    void updateCredentials(SandboxSummary sandbox, List<CredentialRule> rules) {
        Names names = trustedProxy(sandbox).orElseThrow(() -> new SandboxStateException("The sandbox " + sandbox.name() + " cannot take credential"
                        + " rules: it was made without them (or without an egress proxy, or by an earlier version), so it"
                        + " does not trust its proxy's certificate authority. Open it again with credential(...) (or an"
                        + " agent in credentials(PROXY)) and recreate()."));
        writeCredentials(names.proxy(), rules, "sandbox " + sandbox.name());
    }

    private void writeCredentials(String proxy, List<CredentialRule> rules, String whose) {
        copy(proxy, new SetupArchive().file(SquidConfig.CREDENTIALS_SHAPE + ".new", CredentialConfig.shapeOf(rules), 0644, 0, 0));
        // The secrets travel only on this exec's standard input: never in argv, env, a label or an archive.
        run(proxy, ExecRequest.of("sh", "-c", ProxyScripts.REPLACE_CREDENTIALS)
                        .withStdin(CredentialConfig.of(rules).getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                "The egress proxy of " + whose + " refused the credential rules " + rules + ": ");
    }

    /** The certificate of the proxy's certificate authority, which the sandbox trusts. */
    String caCertificate(String proxy) {
        ExecResult ca = run(proxy, ExecRequest.of("sh", "-c", ProxyScripts.PRINT_CA),
                "The egress proxy " + proxy + " has no certificate authority: ");
        return ca.stdout();
    }

    /** The certificate of the sandbox's proxy's certificate authority, if the sandbox trusts one. */
    Optional<String> caCertificate(SandboxSummary sandbox) {
        return trustedProxy(sandbox).map(names -> caCertificate(names.proxy()));
    }

    /** The sandbox's proxy, if the sandbox was made trusting its certificate authority. */
    private static Optional<Names> trustedProxy(SandboxSummary sandbox) {
        return Names.of(sandbox).filter(names -> "true".equals(sandbox.labels().get(TRUST_LABEL)));
    }

    private static boolean injects(Map<String, String> proxyLabels) {
        return proxyLabels != null && "true".equals(proxyLabels.get(CREDENTIALS_LABEL));
    }

    /** Runs a script as root in the proxy; its output names what failed (it never holds a secret). */
    private ExecResult run(String proxy, ExecRequest request, String failure) {
        ExecResult result = exec.start(proxy, request.asRoot().inDirectory("/")).await();
        if (result.exitCode() != 0) {
            throw new SandboxStateException(failure + (result.stdout() + result.stderr()).strip());
        }
        return result;
    }

    /** The most log lines read at once: the log never rotates, and a busy agent makes many requests. */
    static final int LOG_LINES = 10_000;

    /** What the sandbox's proxy logged, oldest first: the last {@value #LOG_LINES} requests; none without a proxy. */
    List<NetworkLogEntry> log(SandboxSummary sandbox) {
        Optional<Names> names = Names.of(sandbox);
        if (names.isEmpty()) {
            return List.of();
        }
        ExecResult log = exec.start(names.get().proxy(),
                ExecRequest.of("tail", "-n", String.valueOf(LOG_LINES), SquidConfig.LOG).asRoot().inDirectory("/")).await();
        return log.stdout().lines().map(SquidConfig::entry).flatMap(Optional::stream).toList();
    }

    /**
     * The ports the sandbox's proxy publishes for it, as the sandbox's; none while the proxy does
     * not run.
     */
    List<PublishedPort> ports(SandboxSummary sandbox) {
        Optional<Names> names = Names.of(sandbox);
        if (names.isEmpty()) {
            return List.of();
        }
        return errors.call("inspect egress proxy " + names.get().proxy(), () -> {
            try {
                var proxy = client.inspectContainerCmd(names.get().proxy()).exec();
                Map<Integer, Integer> forwards = forwards(proxy.getConfig().getLabels());
                return ContainerMapper.ports(proxy).stream().filter(p -> forwards.containsKey(p.sandboxPort()))
                        .map(p -> new PublishedPort(forwards.get(p.sandboxPort()), p.hostAddress(), p.hostPort()))
                        .sorted(java.util.Comparator.comparingInt(PublishedPort::sandboxPort)).toList();
            } catch (NotFoundException gone) {
                return List.of();
            }
        });
    }

    private static Map<Integer, Integer> forwards(Map<String, String> labels) {
        Map<Integer, Integer> forwards = new LinkedHashMap<>();
        String value = labels == null ? null : labels.get(FORWARDS_LABEL);
        if (value != null && !value.isEmpty()) {
            for (String pair : value.split(",")) {
                String[] ports = pair.split(">");
                forwards.put(Integer.parseInt(ports[0]), Integer.parseInt(ports[1]));
            }
        }
        return forwards;
    }

    /**
     * Removes the proxies and networks that no sandbox came of, whose opener died before it could
     * remove them (killed between making them and losing the race, say). One of a live opener, or
     * one its sandbox names, stays.
     *
     * @return what was removed, for people: {@code "egress proxy sandbox-x-egress-3f2a of process 4242"}
     */
    List<String> removeOrphans() {
        java.util.Set<String> named = new java.util.HashSet<>();
        errors.call("list sandboxes", () -> client.listContainersCmd().withShowAll(true)
                .withLabelFilter(EngineObjects.Role.SANDBOX.label()).exec()).forEach(sandbox -> {
                    Map<String, String> labels = sandbox.getLabels() == null ? Map.of() : sandbox.getLabels();
                    named.add(labels.getOrDefault(PROXY_LABEL, ""));
                    named.add(labels.getOrDefault(NETWORK_LABEL, ""));
                });
        List<String> removed = new ArrayList<>();
        errors.call("list egress proxies", () -> client.listContainersCmd().withShowAll(true)
                .withLabelFilter(EngineObjects.Role.EGRESS_PROXY.label()).exec()).forEach(proxy -> {
                    String name = proxy.getNames()[0].replaceFirst("^/", "");
                    Optional<ProcessOwner> deadOwner = ProcessOwner.of(proxy.getLabels()).filter(ProcessOwner::provablyDead);
                    if (deadOwner.isPresent() && !named.contains(name)) {
                        removeQuietly(() -> client.removeContainerCmd(proxy.getId()).withForce(true).exec());
                        removed.add("egress proxy " + name + " of process " + deadOwner.get().pid());
                    }
                });
        errors.call("list sandbox networks", () -> client.listNetworksCmd()
                .withFilter("label", List.of(EngineObjects.ROLE_LABEL + "=" + EngineObjects.Role.SANDBOX_NETWORK.value())).exec())
                .forEach(network -> {
                    Optional<ProcessOwner> deadOwner = ProcessOwner.of(network.getLabels()).filter(ProcessOwner::provablyDead);
                    if (deadOwner.isPresent() && !named.contains(network.getName())) {
                        removeQuietly(() -> networks.removeInternal(network.getName()));
                        removed.add("network " + network.getName() + " of process " + deadOwner.get().pid());
                    }
                });
        return removed;
    }

    /** A leftover the engine would not remove now (in use, being removed) is tried again by the next sweep. */
    private static void removeQuietly(Runnable removal) {
        try {
            removal.run();
        } catch (RuntimeException notNow) {
            // docker-java's own types: never thrown from a sweep.
        }
    }

    /** Removes the sandbox's proxy and internal network; what is gone is no error. */
    void remove(SandboxSummary sandbox) {
        Names.of(sandbox).ifPresent(this::remove);
    }

    private void remove(Names names) {
        errors.run("remove egress proxy " + names.proxy(), () -> {
            try {
                client.removeContainerCmd(names.proxy()).withForce(true).exec();
            } catch (NotFoundException gone) {
                // Never made, or removed already.
            } catch (com.github.dockerjava.api.exception.ConflictException beingRemoved) {
                // Another remover of the same sandbox is at it (two openers recreating it at once):
                // the network is then theirs to remove, once the proxy has left it.
                return;
            }
            networks.removeInternal(names.internalNetwork());
        });
    }

    /**
     * The rules go to a new file next to the current one: {@link ProxyScripts#REPLACE_RULES} checks
     * them before they replace it. Before a first start, Squid reads them from the current one.
     */
    private static SetupArchive rulesArchive(String config, boolean firstStart) {
        SetupArchive rules = new SetupArchive().file(SquidConfig.PATH + ".new", config, 0644, 0, 0);
        if (firstStart) {
            rules.file(SquidConfig.PATH, config, 0644, 0, 0);
        }
        return rules;
    }

    /** Files without secrets, through the archive API. */
    private void copy(String proxy, SetupArchive files) {
        errors.run("write the rules of egress proxy " + proxy, () -> client.copyArchiveToContainerCmd(proxy)
                .withTarInputStream(files.toTar()).withRemotePath("/").exec());
    }
}
