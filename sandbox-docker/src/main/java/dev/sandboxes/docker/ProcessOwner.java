package dev.sandboxes.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The process that made a short-lived object on the engine, kept in the object's labels, so that
 * another process can prove the maker dead and the object left over. Only Linux gives a proof: the
 * same boot and pid namespace (two containers on one kernel see different processes under one pid),
 * and no live process under that pid with that start time, in clock ticks since boot as the kernel
 * keeps it (not a wall-clock time, which moves when the clock is stepped). Anything less is no
 * proof, and the object stays: on other systems, a probe is never proven left over.
 *
 * <pre>{@code
 * docker ps -a --filter label=dev.sandboxes.owner.pid=4242
 * }</pre>
 */
record ProcessOwner(String machine, long pid, String started) {

    static final String MACHINE_LABEL = "dev.sandboxes.owner.machine";
    static final String PID_LABEL = "dev.sandboxes.owner.pid";
    /** On Linux, the start time in clock ticks since boot (field 22 of {@code /proc/<pid>/stat}). */
    static final String STARTED_LABEL = "dev.sandboxes.owner.started";

    private static final Path PROC = Path.of("/proc");
    private static final ProcessOwner CURRENT = of(ProcessHandle.current().pid());

    /** This process. */
    static ProcessOwner current() {
        return CURRENT;
    }

    /** A process of this machine, by its pid: with no machine and no start time when it is gone or there is no proof here. */
    static ProcessOwner of(long pid) {
        String machine = thisMachine();
        Optional<String> started = machine.isEmpty() ? Optional.empty() : linuxStart(pid);
        return new ProcessOwner(started.isPresent() ? machine : "", pid, started.orElse(""));
    }

    /** The labels that record this owner. */
    Map<String, String> labels() {
        Map<String, String> labels = new HashMap<>();
        labels.put(MACHINE_LABEL, machine);
        labels.put(PID_LABEL, Long.toString(pid));
        labels.put(STARTED_LABEL, started);
        return labels;
    }

    /** The owner an object's labels record; empty when they record none, or not readably. */
    static Optional<ProcessOwner> of(Map<String, String> labels) {
        if (labels == null || !labels.containsKey(MACHINE_LABEL) || !labels.containsKey(STARTED_LABEL)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ProcessOwner(labels.get(MACHINE_LABEL), Long.parseLong(labels.get(PID_LABEL)),
                    labels.get(STARTED_LABEL)));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * Whether this owner is proven gone, as seen from the current process: the same boot and pid
     * namespace, all processes visible here, and under its pid no process, a zombie, or one that
     * started at another tick. Never for an owner of another machine or of a system without proof.
     */
    boolean provablyDead() {
        if (machine.isEmpty() || started.isEmpty() || !machine.equals(CURRENT.machine)) {
            return false;
        }
        if (pid == CURRENT.pid) {
            return !started.equals(CURRENT.started);
        }
        if (!Files.exists(PROC.resolve("1"))) {
            return false;  // /proc hides other users' processes (hidepid): a missing pid proves nothing
        }
        try {
            String[] fields = statFields(pid);
            return fields[0].equals("Z") || !fields[19].equals(started);
        } catch (NoSuchFileException gone) {
            return true;
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    /** What makes this process's pids comparable with another's: the boot and the pid namespace; empty off Linux. */
    static String thisMachine() {
        try {
            String bootId = Files.readString(PROC.resolve("sys/kernel/random/boot_id")).strip();
            String pidNamespace = Files.readSymbolicLink(PROC.resolve("self/ns/pid")).toString();
            return "linux:" + bootId + ":" + pidNamespace;
        } catch (IOException | UnsupportedOperationException | SecurityException notLinux) {
            return "";
        }
    }

    private static Optional<String> linuxStart(long pid) {
        try {
            return Optional.of(statFields(pid)[19]);
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** {@code /proc/<pid>/stat} from its third field (the state) on: the command name before it may hold spaces. */
    private static String[] statFields(long pid) throws IOException {
        String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }
}
