package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.sandboxes.core.SandboxEvent;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.errors.SandboxNotFoundException;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.spi.GitIdentitySource;
import dev.sandboxes.spi.HostOwner;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Makes a sandbox afresh from its template: a new container with the very settings of the old one
 * (its image, labels, env, mounts, limits, network), so the workspace and the credentials volume
 * are as they were and everything else is as the template has it. The agent's files are written
 * again as for a new sandbox, and the git identity looked up again.
 */
final class SandboxResetter {

    private static final Duration IDENTITY_LIMIT = Duration.ofSeconds(10);

    private final DockerClient client;
    private final DockerErrors errors;
    private final ContainerLookup lookup;
    private final ContainerControl control;
    private final SandboxOpener opener;

    SandboxResetter(DockerClient client, DockerErrors errors, ContainerLookup lookup, ContainerControl control,
                    SandboxOpener opener) {
        this.client = client;
        this.errors = errors;
        this.lookup = lookup;
        this.control = control;
        this.opener = opener;
    }

    SandboxSummary reset(String sandboxId, GitIdentitySource gitIdentity, SandboxListener listener) {
        InspectContainerResponse old = lookup.inspect(sandboxId).orElseThrow(() -> new SandboxNotFoundException(
                "The sandbox " + sandboxId + " does not exist (any more): nothing to reset."));
        SandboxSummary summary = ContainerMapper.summary(old);
        // Its egress proxy and network stay: only the sandbox's own container is made again.
        control.remove(sandboxId);
        listener.onEvent(SandboxEvent.now(SandboxEvent.Type.REMOVED, sandboxId, summary.name(), summary.workspace()));
        String id = errors.call("make sandbox " + summary.name() + " afresh", () -> {
            var config = old.getConfig();
            var create = client.createContainerCmd(old.getImageId())
                    .withName(summary.name())
                    .withLabels(config.getLabels())
                    .withUser(config.getUser())
                    .withEnv(config.getEnv())
                    .withEntrypoint(config.getEntrypoint())
                    .withCmd(config.getCmd() == null ? new String[0] : config.getCmd())
                    .withWorkingDir(config.getWorkingDir())
                    .withHostConfig(old.getHostConfig());
            if (config.getExposedPorts() != null) {
                create.withExposedPorts(config.getExposedPorts());
            }
            return create.exec().getId();
        });
        SandboxSummary made = new SandboxSummary(id, summary.name(), summary.workspace(), summary.agent(),
                summary.template(), dev.sandboxes.core.SandboxStatus.CREATED, java.time.Instant.now(), summary.labels());
        listener.onEvent(SandboxEvent.now(SandboxEvent.Type.CREATED, id, summary.name(), summary.workspace()));
        try {
            return opener.finish(made, old.getImageId(), HostOwner.of(summary.workspace()), old.getConfig().getWorkingDir(),
                    SandboxOpener.identity(CompletableFuture.supplyAsync(gitIdentity::resolve),
                            summary.workspace(), IDENTITY_LIMIT), listener)
                    .orElseThrow(() -> new SandboxStateException("The sandbox " + summary.name() + " was removed while it"
                            + " was being made afresh: open its workspace again."));
        } catch (RuntimeException e) {
            control.discard(id);
            throw e;
        }
    }
}
