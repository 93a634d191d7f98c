package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every address of the engine's host, as its own network stack lists them: {@code hostname -I} in
 * a short-lived container on the host's network. Not the bridge's IPAM record, which can be empty
 * on an engine's first boot, and which knows nothing of the host's other interfaces (its public
 * address on a server, a VPN's). Read once per runtime and again after {@link #MAX_AGE}: an
 * address that arrives later is still refused when it is private, as most are.
 */
final class HostAddresses {

    static final Duration MAX_AGE = Duration.ofMinutes(5);
    private static final Pattern ADDRESS = Pattern.compile("[0-9a-fA-F:.]+");

    private final DockerClient client;
    private final DockerErrors errors;
    private final DockerExec exec;
    private List<String> addresses;
    private long readAtNanos;

    HostAddresses(DockerClient client, DockerErrors errors, DockerExec exec) {
        this.client = client;
        this.errors = errors;
        this.exec = exec;
    }

    /** The host's addresses, IPv4 and IPv6, loopback and IPv6 link-local left out. */
    synchronized List<String> of(String image) {
        if (addresses == null || System.nanoTime() - readAtNanos > MAX_AGE.toNanos()) {
            addresses = read(image);
            readAtNanos = System.nanoTime();
        }
        return addresses;
    }

    private List<String> read(String image) {
        Map<String, String> labels = ImageFactsReader.probeLabels();
        String probe = errors.call("create a container to list the host's addresses", () -> client
                .createContainerCmd(image).withEntrypoint(SandboxCreator.IDLE_LOOP).withCmd(List.of()).withLabels(labels)
                // The host's user namespace too: an engine that remaps users refuses the host's network otherwise.
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host").withUsernsMode("host").withInit(true)).exec().getId());
        try {
            errors.run("start the container that lists the host's addresses", () -> client.startContainerCmd(probe).exec());
            ExecResult listed = exec.start(probe, ExecRequest.of("hostname", "-I").asRoot().inDirectory("/")).await();
            if (listed.exitCode() != 0) {
                throw new SandboxStateException("Could not list the host's addresses: hostname -I exited with "
                        + listed.exitCode() + ": " + listed.stderr().strip());
            }
            return parse(listed.stdout());
        } finally {
            try {
                client.removeContainerCmd(probe).withForce(true).exec();
            } catch (RuntimeException e) {
                // A leftover probe holds nothing and carries PROBE_LABEL: swept later, it must not fail the open.
            }
        }
    }

    /** {@code hostname -I}'s words that are addresses. */
    static List<String> parse(String output) {
        return Arrays.stream(output.strip().split("\\s+")).filter(word -> !word.isEmpty())
                .filter(word -> ADDRESS.matcher(word).matches() && (word.contains(".") || word.contains(":")))
                .distinct().toList();
    }
}
