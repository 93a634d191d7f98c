package dev.sandboxes.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The process that made a short-lived object on the engine, kept in the object's labels, so that
 * another process can prove the maker dead and the object left over: same machine (as far as
 * process ids go) and no live process with that id and start time. Anything less is no proof, and
 * the object stays.
 *
 * <p>The machine is named by what makes its process ids comparable: on Linux, the kernel's boot id
 * and the pid namespace (two containers on one kernel see different processes under one id);
 * elsewhere the host name from the environment, or none at all, and then nobody else can tell.
 *
 * <pre>{@code
 * docker ps -a --filter label=dev.sandboxes.owner.pid=4242
 * }</pre>
 */
record ProcessOwner(String machine, long pid, Instant started) {

    static final String MACHINE_LABEL = "dev.sandboxes.owner.machine";
    static final String PID_LABEL = "dev.sandboxes.owner.pid";
    static final String STARTED_LABEL = "dev.sandboxes.owner.started";

    /**
     * Two readings of one process's start time can differ: Java derives it from the boot time, which
     * the kernel reports to the second and adjusts with the clock. A pid reused within this time is
     * taken for the same process, which errs on the side of keeping.
     */
    private static final Duration SAME_START = Duration.ofSeconds(2);

    private static final ProcessOwner CURRENT = new ProcessOwner(thisMachine(), ProcessHandle.current().pid(),
            ProcessHandle.current().info().startInstant().orElse(Instant.EPOCH));

    /** This process. */
    static ProcessOwner current() {
        return CURRENT;
    }

    /** The labels that record this owner. */
    Map<String, String> labels() {
        Map<String, String> labels = new HashMap<>();
        labels.put(MACHINE_LABEL, machine);
        labels.put(PID_LABEL, Long.toString(pid));
        labels.put(STARTED_LABEL, started.toString());
        return labels;
    }

    /** The owner an object's labels record; empty when they record none, or not readably. */
    static Optional<ProcessOwner> of(Map<String, String> labels) {
        if (labels == null || !labels.containsKey(MACHINE_LABEL) || !labels.containsKey(PID_LABEL)
                || !labels.containsKey(STARTED_LABEL)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ProcessOwner(labels.get(MACHINE_LABEL), Long.parseLong(labels.get(PID_LABEL)),
                    Instant.parse(labels.get(STARTED_LABEL))));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * Whether this owner is proven gone, as seen from the current process: the same machine, and its
     * pid is free or held by a process that started at another time. An owner of another machine, one
     * whose start time is unknown, or one on a machine that has no name, is never proven gone.
     */
    boolean provablyDead() {
        if (machine.isEmpty() || !machine.equals(CURRENT.machine) || started.equals(Instant.EPOCH)) {
            return false;
        }
        if (pid == CURRENT.pid) {
            return !sameStart(CURRENT.started);
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        // A live process under that pid: another one only if it provably started at another time.
        return process.get().info().startInstant().map(other -> !sameStart(other)).orElse(false);
    }

    private boolean sameStart(Instant other) {
        return Duration.between(started, other).abs().compareTo(SAME_START) <= 0;
    }

    /** What makes process ids of this process and another comparable; empty when nothing does. */
    static String thisMachine() {
        try {
            String bootId = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
            String pidNamespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            return "linux:" + bootId + ":" + pidNamespace;
        } catch (IOException | UnsupportedOperationException | SecurityException notLinux) {
            String host = Optional.ofNullable(System.getenv("HOSTNAME")).or(() -> Optional.ofNullable(System.getenv("COMPUTERNAME")))
                    .orElse("");
            return host.isBlank() ? "" : "host:" + host;
        }
    }
}
