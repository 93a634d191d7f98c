package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.UpdateContainerCmd;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Info;
import dev.sandboxes.core.Limits;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import java.util.Optional;

/**
 * Sandboxes' resource limits on one engine: the defaults, from the engine's own {@code /info} (the
 * JVM may run on another machine), asked once; and the limits as the engine's host config holds them.
 */
final class EngineLimits {

    private static final double NANOS = 1_000_000_000d;

    private final DockerClient client;
    private final DockerErrors errors;
    private volatile Limits defaults;

    EngineLimits(DockerClient client, DockerErrors errors) {
        this.client = client;
        this.errors = errors;
    }

    /** The limits asked for, the engine's defaults where unset. */
    Limits effective(Limits asked) {
        return asked.orElse(defaults());
    }

    /** The defaults for this engine's machine. */
    Limits defaults() {
        Limits known = defaults;
        if (known == null) {
            Info info = errors.call("read the engine's machine size", () -> client.infoCmd().exec());
            known = Limits.forEngine(info.getNCPU() == null ? 1 : info.getNCPU(),
                    info.getMemTotal() == null ? 2L * Limits.MIN_MEMORY_BYTES : info.getMemTotal());
            defaults = known;
        }
        return known;
    }

    /** The limits on a new container's host config. */
    static HostConfig apply(HostConfig hostConfig, Limits limits) {
        limits.cpus().ifPresent(cpus -> hostConfig.withNanoCPUs(Math.round(cpus * NANOS)));
        limits.memoryBytes().ifPresent(memory -> hostConfig.withMemory(memory)
                .withMemorySwap(memory + limits.swapBytes().orElse(0L)));
        limits.pids().ifPresent(hostConfig::withPidsLimit);
        return hostConfig;
    }

    /** The limits a container's host config holds; those it does not hold are unlimited, so unset. */
    static Limits of(HostConfig hostConfig) {
        Optional<Long> memory = Optional.ofNullable(hostConfig.getMemory()).filter(m -> m > 0);
        Optional<Long> swap = memory.flatMap(m -> Optional.ofNullable(hostConfig.getMemorySwap())
                .filter(total -> total >= m).map(total -> total - m));
        return new Limits(Optional.ofNullable(hostConfig.getNanoCPUs()).filter(n -> n > 0).map(n -> n / NANOS), memory,
                swap, Optional.ofNullable(hostConfig.getPidsLimit()).filter(p -> p > 0));
    }

    /**
     * Changes a container's limits in place; unset ones are left as they are. Memory and swap go
     * together to the engine, which checks memory against memory plus swap.
     */
    void update(String containerId, Limits asked, Limits current) {
        UpdateContainerCmd update = client.updateContainerCmd(containerId);
        asked.cpus().ifPresent(cpus -> update.withNanoCPUs(Math.round(cpus * NANOS)));
        asked.pids().ifPresent(update::withPidsLimit);
        if (asked.memoryBytes().isPresent() || asked.swapBytes().isPresent()) {
            long memory = asked.memoryBytes().or(current::memoryBytes).orElseThrow(() -> new InvalidSandboxConfigException("Swap can only be limited together with memory: give withMemory(...) too."));
            update.withMemory(memory).withMemorySwap(memory + asked.swapBytes().or(current::swapBytes).orElse(0L));
        }
        errors.run("change the limits of sandbox " + containerId, update::exec);
    }
}
