package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.sandboxes.agents.AgentUser;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.network.NetworkPolicy;
import dev.sandboxes.network.PublishedPort;
import dev.sandboxes.spi.SandboxSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates a sandbox's container, not started, and writes the agent user's files into it. All else
 * the sandbox needs is given to the create call itself (labels, env, mounts, init, restart policy).
 * Writing the files is idempotent, so whoever finds a container whose creator died can finish it.
 */
final class SandboxCreator {

    /** Where the engine's socket appears inside a sandbox that asked for it. */
    static final String SOCKET_IN_SANDBOX = "/var/run/docker.sock";

    /**
     * The container's main process: the engine's init (Init=true) runs this idle loop, so the agent
     * and every command run through exec, and the sandbox stops at once when asked.
     */
    static final List<String> IDLE_LOOP = List.of("sleep", "infinity");

    /** The capabilities a sandbox keeps: Docker's defaults but NET_RAW, MKNOD and SYS_CHROOT. */
    static final Capability[] KEPT_CAPABILITIES = {Capability.AUDIT_WRITE, Capability.CHOWN, Capability.DAC_OVERRIDE,
            Capability.FOWNER, Capability.FSETID, Capability.KILL, Capability.NET_BIND_SERVICE, Capability.SETFCAP,
            Capability.SETGID, Capability.SETPCAP, Capability.SETUID};
    static final String NO_NEW_PRIVILEGES = "no-new-privileges:true";
    /** The variables that send HTTP clients through the egress proxy, in the spellings tools read. */
    static final List<String> PROXY_VARIABLES = List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy");
    static final String NO_PROXY = "localhost,127.0.0.1,::1";

    /** The size of /dev/shm: a headless browser needs far more than the engine's 64 MiB. */
    static final long SHM_BYTES = 1024L * 1024 * 1024;

    private final DockerClient client;
    private final DockerErrors errors;
    private final WorkspaceMountCheck mountCheck;
    private final Path socketSource;
    private final Optional<Path> endpointSocket;
    private final CredentialVolumes credentials;
    private final EngineLimits limits;

    /**
     * @param socketSource   the engine's socket as a path of the engine's machine: the one we talk
     *                       to when the engine shares this machine's files, else the engine's usual
     *                       {@value #SOCKET_IN_SANDBOX} (as in Docker Desktop's VM)
     * @param endpointSocket the socket this runtime talks to, when it is a Unix socket
     */
    SandboxCreator(DockerClient client, DockerErrors errors, WorkspaceMountCheck mountCheck,
                   Path socketSource, Optional<Path> endpointSocket, CredentialVolumes credentials, EngineLimits limits) {
        this.credentials = credentials;
        this.limits = limits;
        this.client = client;
        this.errors = errors;
        this.mountCheck = mountCheck;
        this.socketSource = socketSource;
        this.endpointSocket = endpointSocket;
    }

    /**
     * Creates the container, not started, as the agent user.
     *
     * @param image       the template's image id: the image whose files the agent's were planned from
     * @param extraLabels the labels that record who the agent user is and which image was built
     * @return its id, or empty when a container of that name exists already (another thread or
     *         process won the race to create it)
     */
    Optional<String> create(SandboxSpec spec, String image, Map<String, String> extraLabels,
                            Optional<EgressProxies.Prepared> egress) {
        try {
            return Optional.of(createContainer(spec, image, extraLabels, egress));
        } catch (ConflictException nameTaken) {
            return Optional.empty();
        } catch (RuntimeException e) {
            if (e instanceof BadRequestException refused && spec.ociRuntime().isPresent()
                    && DockerErrors.engineMessage(refused).toLowerCase(java.util.Locale.ROOT).contains("runtime")) {
                throw new InvalidSandboxConfigException("The OCI runtime '" + spec.ociRuntime().get() + "' is not"
                        + " installed in the Docker engine (it said: " + DockerErrors.engineMessage(refused) + ")."
                        + " Install it and register it under \"runtimes\" in the engine's daemon.json, or leave"
                        + " ociRuntime(...) out.", e);
            }
            throw mountCheck.refusal(e, spec.workspace()).map(RuntimeException.class::cast)
                    .orElseGet(() -> errors.translate("create sandbox " + spec.name(), e));
        }
    }

    /** Writes the agent user's files into a created container, before it first starts. */
    void writeSetup(String containerId, SetupArchive setup) {
        if (setup.isEmpty()) {
            return;
        }
        errors.run("write the agent user's files into sandbox " + containerId, () -> client
                .copyArchiveToContainerCmd(containerId)
                .withTarInputStream(setup.toTar())
                .withRemotePath("/")
                .exec());
    }

    private String createContainer(SandboxSpec spec, String template, Map<String, String> extraLabels,
                                   Optional<EgressProxies.Prepared> egress) {
        List<Mount> mounts = new ArrayList<>();
        mounts.add(bind(spec.workspace().toString(), spec.sandboxWorkspace(), false));
        spec.mountsOrEmpty().forEach(m -> mounts.add(bind(m.hostPath().toString(), m.sandboxPath(), m.readOnly())));
        if (CredentialVolumes.wanted(spec)) {
            mounts.add(credentials.mount(spec.agentDefinition()));
        }
        List<String> extraGroups = new ArrayList<>();
        if (spec.dockerSocketOrDefault()) {
            mounts.add(bind(socketSource.toString(), SOCKET_IN_SANDBOX, false));
            // The socket's group, so that every process (the agent's too) may use it without sudo.
            socketGroup().ifPresent(extraGroups::add);
        }
        List<String> env = new ArrayList<>(spec.envOrEmpty().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        egress.ifPresent(proxy -> PROXY_VARIABLES.forEach(name -> env.add(name + "=" + proxy.url())));
        egress.ifPresent(proxy -> env.addAll(List.of("NO_PROXY=" + NO_PROXY, "no_proxy=" + NO_PROXY)));
        // Node and the agent CLIs read these only when a process starts: set now, for the trust installed after.
        egress.filter(EgressProxies.Prepared::trusted)
                .ifPresent(proxy -> env.addAll(ProxyTrust.environment(spec.envOrEmpty().keySet())));
        // Behind a proxy the ports are the proxy's: an internal network drops published ports.
        List<PublishedPort> published = egress.isPresent() ? List.of() : spec.portsOrEmpty();
        List<ExposedPort> exposed = published.stream().map(p -> ExposedPort.tcp(p.sandboxPort())).toList();
        Ports bindings = new Ports();
        published.forEach(p -> bindings.bind(ExposedPort.tcp(p.sandboxPort()), hostBinding(p)));
        HostConfig hostConfig = HostConfig.newHostConfig()
                .withInit(true)
                // Kept alive across engine restarts while running; a sandbox the user stopped stays stopped.
                .withRestartPolicy(RestartPolicy.unlessStoppedRestart())
                .withMounts(mounts)
                .withGroupAdd(extraGroups)
                .withShmSize(SHM_BYTES)
                .withPortBindings(bindings)
                // Docker's default capabilities less what no agent needs: raw sockets (spoofing on
                // the engine's network), device nodes, chroot. sudo and package installs keep working.
                .withCapDrop(Capability.ALL)
                .withCapAdd(KEPT_CAPABILITIES);
        EngineLimits.apply(hostConfig, limits.effective(spec.limitsOrDefaults()));
        if (!spec.sudoOrDefault()) {
            // No setuid program (sudo among them) can raise anyone's privileges.
            hostConfig.withSecurityOpts(List.of(NO_NEW_PRIVILEGES));
        }
        spec.ociRuntime().ifPresent(hostConfig::withRuntime);
        if (spec.networkOrDefault().mode() == NetworkPolicy.Mode.NONE) {
            // Only a loopback interface: no route anywhere, no DNS.
            hostConfig.withNetworkMode("none");
        }
        egress.ifPresent(proxy -> hostConfig.withNetworkMode(proxy.internalNetwork())
                // Names outside are asked of the proxy, which serves no DNS: none resolves.
                .withDns(List.of(proxy.proxyAddress())));
        Map<String, String> labels = new LinkedHashMap<>(spec.creationLabels());
        labels.putAll(extraLabels);
        labels.putAll(EngineObjects.Role.SANDBOX.label());
        return client.createContainerCmd(template)
                .withName(spec.name())
                .withLabels(labels)
                // By name, not uid:gid, which would drop the agent's supplementary groups.
                .withUser(AgentUser.NAME)
                .withEnv(env)
                .withEntrypoint(IDLE_LOOP)
                .withCmd(List.of())
                .withWorkingDir(spec.sandboxWorkspace())
                .withExposedPorts(exposed)
                .withHostConfig(hostConfig)
                .exec()
                .getId();
    }

    /**
     * The group id of the socket that is mounted, when it is the very socket we talk to and its id
     * can be read here. Elsewhere (Docker Desktop's VM, a remote engine) the id is the engine's
     * business: the agent then reaches the socket with sudo, as in Docker's own sandboxes.
     */
    private Optional<String> socketGroup() {
        return endpointSocket.filter(socketSource::equals).flatMap(socket -> {
            try {
                int gid = (Integer) Files.getAttribute(socket, "unix:gid");
                // Never the root group: that would give far more than the socket.
                return gid == 0 ? Optional.empty() : Optional.of(String.valueOf(gid));
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    /** Where on the host a published port is bound: the address asked for, and the port, or one the engine picks. */
    static Ports.Binding hostBinding(PublishedPort port) {
        return port.hostPort() == 0 ? Ports.Binding.bindIp(port.hostAddress())
                : Ports.Binding.bindIpAndPort(port.hostAddress(), port.hostPort());
    }

    /**
     * {@code Mounts} of type bind, never {@code Binds}: Binds silently create a missing source
     * folder, Mounts refuse it.
     */
    private static Mount bind(String source, String target, boolean readOnly) {
        return new Mount().withType(MountType.BIND).withSource(source).withTarget(target).withReadOnly(readOnly);
    }
}
