package dev.sandboxes.examples.cli;

import dev.sandboxes.SandboxBuilder;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.agents.CredentialMode;
import dev.sandboxes.core.Limits;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.network.NetworkPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options of {@code run} and {@code create}, as Docker's: what the sandbox of a workspace is made with. */
final class OpenOptions {

    @Option(names = {"-w", "--workspace"}, paramLabel = "DIR", description = "The workspace folder (default: this one).")
    Path workspace = Path.of("");

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VAL", description = "Set an environment variable (repeatable); fixed at creation.")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE", description = "Read environment variables from a file of KEY=VAL lines.")
    List<Path> envFiles = new ArrayList<>();

    @Option(names = {"-v", "--volume"}, paramLabel = "HOST:SANDBOX[:ro]", description = "Mount another host folder (repeatable).")
    List<String> volumes = new ArrayList<>();

    @Option(names = {"-p", "--publish"}, paramLabel = "[HOST:]SANDBOX", description = "Publish a port on 127.0.0.1 (repeatable).")
    List<String> ports = new ArrayList<>();

    @Option(names = "--mount-docker-socket", description = "Give the sandbox the engine's Docker socket (full control of the engine).")
    boolean dockerSocket;

    @Option(names = "--name", description = "The sandbox's name, instead of one made from the workspace's path.")
    String name;

    @Option(names = {"-t", "--template"}, paramLabel = "IMAGE", description = "Create the sandbox from this image instead of the agent's template.")
    String template;

    @Option(names = "--credentials", paramLabel = "MODE", description = "Where the agent's login and key come from:"
            + " ${COMPLETION-CANDIDATES} (default: proxy for claude, gemini and codex behind the egress proxy: the key"
            + " never enters the sandbox; else sandbox).")
    CredentialMode credentials;

    @Option(names = "--inject-header", paramLabel = "HOST:HEADER=FORMAT", description = "Have the egress proxy set this"
            + " header on HTTPS requests to HOST (or *.domain), the secret never entering the sandbox; ${VAR} in FORMAT is"
            + " read from this shell's environment, e.g. 'api.github.com:Authorization=Bearer ${GH_TOKEN}' (repeatable).")
    List<String> injectHeaders = new ArrayList<>();

    @Option(names = "--upstream-ca", paramLabel = "PEM", description = "Trust these CA certificates (a file or folder)"
            + " for the real hosts of --inject-header, besides the system's (repeatable).")
    List<Path> upstreamCas = new ArrayList<>();

    @Option(names = "--cpus", description = "CPUs the sandbox may use (default: the engine's less one).")
    Double cpus;

    @Option(names = {"-m", "--memory"}, paramLabel = "SIZE", description = "Memory the sandbox may use, such as 4g (default: half the engine's, at most 32g).")
    String memory;

    @Option(names = "--pids-limit", paramLabel = "N", description = "Processes the sandbox may hold (default: 4096).")
    Long pids;

    @Option(names = "--network", paramLabel = "POLICY", description = "What the sandbox may reach: open (default:"
            + " the internet through an egress proxy, not the host or private addresses), none, agent (only the agent's"
            + " API and package registries), or direct (whatever the host reaches, the host included).")
    String network;

    @Option(names = "--allow", paramLabel = "HOST|CIDR", description = "Allow this host, *.wildcard or address block"
            + " (repeatable). Alone or with agent: an allow list, nothing else is reached. With open: an exception,"
            + " reached even if private or the host's.")
    List<String> allow = new ArrayList<>();

    @Option(names = "--block", paramLabel = "HOST|CIDR", description = "Refuse this host, *.wildcard or address block,"
            + " whatever else allows it (repeatable). Without --network or --allow, the rest stays open (the default).")
    List<String> block = new ArrayList<>();

    @Option(names = "--no-sudo", description = "No sudo for the agent, and no-new-privileges for every process.")
    boolean noSudo;

    @Option(names = {"-q", "--quiet"}, description = "Print no template build progress.")
    boolean quiet;

    @Option(names = "--recreate", description = "Replace an existing sandbox whose settings differ.")
    boolean recreate;

    @Option(names = "--branch", paramLabel = "BRANCH", description = "Work on a git worktree of the workspace's"
            + " repository on this branch (made from the current commit unless it exists), beside the repository.")
    String branch;

    /**
     * The policy the network options ask for, if any. Without {@code --network}, {@code --allow} makes
     * an allow list, and {@code --block} alone blocks within the default open policy.
     *
     * @throws OptionValues.BadValueException for an unknown policy, or rules with one that takes none
     */
    java.util.Optional<NetworkPolicy> networkPolicy(String agent) {
        String mode = network != null ? network : !allow.isEmpty() ? "allow" : !block.isEmpty() ? "open" : null;
        if (mode == null) {
            return java.util.Optional.empty();
        }
        NetworkPolicy policy = switch (mode) {
            case "open" -> NetworkPolicy.open();
            case "none" -> NetworkPolicy.none();
            case "direct" -> NetworkPolicy.direct();
            case "agent" -> NetworkPolicy.forAgent(agent);
            case "allow" -> NetworkPolicy.allow();
            default -> throw new OptionValues.BadValueException("bad --network '" + network
                    + "': give open, none, agent or direct.");
        };
        if (!allow.isEmpty() || !block.isEmpty()) {
            if (!policy.mode().throughProxy()) {
                throw new OptionValues.BadValueException("--allow and --block go with --network open or agent, not with"
                        + " --network " + mode + ": it has no egress proxy to apply them.");
            }
            policy = policy.andAllow(allow.toArray(String[]::new)).block(block.toArray(String[]::new));
        }
        return java.util.Optional.of(policy);
    }

    /**
     * A builder for the agent's sandbox with these options.
     *
     * @throws IllegalArgumentException when an option's value is malformed
     */
    SandboxBuilder builder(String agent, SandboxListener listener) {
        SandboxBuilder builder = Sandboxes.forWorkspace(workspace.toAbsolutePath()).agent(agent).listener(listener);
        if (!env.isEmpty() || !envFiles.isEmpty()) {
            java.util.Map<String, String> variables = new java.util.LinkedHashMap<>();
            envFiles.forEach(file -> variables.putAll(OptionValues.envFile(file, System::getenv)));
            env.forEach(value -> {
                Map.Entry<String, String> entry = OptionValues.env(value, System::getenv);
                variables.put(entry.getKey(), entry.getValue());
            });
            builder.env(variables);
        }
        for (String value : volumes) {
            OptionValues.Volume volume = OptionValues.volume(value);
            builder.mount(volume.host().toAbsolutePath(), volume.sandbox(), volume.readOnly());
        }
        for (String value : ports) {
            OptionValues.Port port = OptionValues.port(value);
            builder.publish(port.sandbox(), port.host());
        }
        if (dockerSocket) {
            builder.mountDockerSocket();
        }
        if (name != null) {
            builder.name(name);
        }
        if (branch != null) {
            builder.branch(branch);
        }
        if (template != null) {
            builder.template(template);
        }
        if (credentials != null) {
            builder.credentials(credentials);
        }
        injectHeaders.forEach(value -> builder.credential(OptionValues.injectedHeader(value, System::getenv)));
        upstreamCas.forEach(pem -> builder.trustUpstreamCertificates(pem.toAbsolutePath()));
        if (recreate) {
            builder.recreate();
        }
        if (cpus != null || memory != null || pids != null) {
            Limits limits = Limits.defaults();
            limits = cpus == null ? limits : limits.withCpus(cpus);
            limits = memory == null ? limits : limits.withMemory(OptionValues.bytes("--memory", memory));
            builder.limits(pids == null ? limits : limits.withPids(pids));
        }
        if (noSudo) {
            builder.sudo(false);
        }
        networkPolicy(agent).ifPresent(builder::network);
        return builder;
    }
}
