package dev.sandboxes.core;

import dev.sandboxes.errors.InvalidSandboxConfigException;
import java.util.Objects;
import java.util.Optional;

/**
 * What a sandbox may use of its engine's machine: CPUs, memory, swap and processes. A limit left
 * unset takes the runtime's default, computed from the engine's own machine (not the JVM's, which
 * may be another): CPUs = the engine's CPUs − 1 (at least 1), memory = half the engine's memory up
 * to {@value #MAX_DEFAULT_MEMORY_GIB} GiB and no swap beyond it, {@value #DEFAULT_PIDS} processes.
 * Limits can be changed on a running sandbox ({@link dev.sandboxes.Sandbox#updateLimits(Limits)}).
 *
 * <pre>{@code
 * Sandboxes.forWorkspace(dir)
 *         .limits(Limits.defaults().withCpus(2).withMemory(4L << 30).withPids(1024))
 *         .open();
 * }</pre>
 *
 * @param cpus        how many CPUs' worth of time, such as {@code 1.5}
 * @param memoryBytes the most memory, in bytes
 * @param swapBytes   swap allowed beyond the memory, in bytes; 0 for none
 * @param pids        the most processes (and threads) at once
 */
public record Limits(Optional<Double> cpus, Optional<Long> memoryBytes, Optional<Long> swapBytes, Optional<Long> pids) {

    /** The default process limit: room for builds and test runners, not for a fork bomb. */
    public static final long DEFAULT_PIDS = 4096;
    /** The default memory is half the engine's, but never more than this many GiB. */
    public static final long MAX_DEFAULT_MEMORY_GIB = 32;
    /** The least memory the engine accepts. */
    public static final long MIN_MEMORY_BYTES = 6L * 1024 * 1024;

    public Limits {
        Objects.requireNonNull(cpus, "cpus");
        Objects.requireNonNull(memoryBytes, "memoryBytes");
        Objects.requireNonNull(swapBytes, "swapBytes");
        Objects.requireNonNull(pids, "pids");
        cpus.filter(c -> !(c > 0) || c.isInfinite()).ifPresent(c -> {
            throw new InvalidSandboxConfigException("A CPU limit must be a positive number such as 1.5, not " + c + ".");
        });
        memoryBytes.filter(m -> m < MIN_MEMORY_BYTES).ifPresent(m -> {
            throw new InvalidSandboxConfigException("A memory limit of " + m + " bytes is below the engine's least, "
                    + MIN_MEMORY_BYTES + " (6 MiB): give more.");
        });
        swapBytes.filter(s -> s < 0).ifPresent(s -> {
            throw new InvalidSandboxConfigException("Swap cannot be negative (" + s + "); give 0 for none.");
        });
        pids.filter(p -> p < 16).ifPresent(p -> {
            throw new InvalidSandboxConfigException("A process limit of " + p + " leaves no room to run commands:"
                    + " give 16 or more.");
        });
    }

    /** Every limit at the runtime's default. */
    public static Limits defaults() {
        return new Limits(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public Limits withCpus(double count) {
        return new Limits(Optional.of(count), memoryBytes, swapBytes, pids);
    }

    public Limits withMemory(long bytes) {
        return new Limits(cpus, Optional.of(bytes), swapBytes, pids);
    }

    public Limits withSwap(long bytes) {
        return new Limits(cpus, memoryBytes, Optional.of(bytes), pids);
    }

    public Limits withPids(long count) {
        return new Limits(cpus, memoryBytes, swapBytes, Optional.of(count));
    }

    /** These limits where set, else the other's. */
    public Limits orElse(Limits fallback) {
        return new Limits(cpus.or(fallback::cpus), memoryBytes.or(fallback::memoryBytes),
                swapBytes.or(fallback::swapBytes), pids.or(fallback::pids));
    }

    /**
     * The defaults for an engine's machine.
     *
     * @param engineCpus   the engine's CPUs
     * @param engineMemory the engine's memory, in bytes
     */
    public static Limits forEngine(int engineCpus, long engineMemory) {
        long memory = Math.min(engineMemory / 2, MAX_DEFAULT_MEMORY_GIB * 1024 * 1024 * 1024);
        return new Limits(Optional.of((double) Math.max(1, engineCpus - 1)), Optional.of(Math.max(memory, MIN_MEMORY_BYTES)),
                Optional.of(0L), Optional.of(DEFAULT_PIDS));
    }
}
