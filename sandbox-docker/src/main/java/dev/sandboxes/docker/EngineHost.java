package dev.sandboxes.docker;

import com.github.dockerjava.api.model.Info;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Whether the engine runs on this very machine, sharing its file system: then a folder of this
 * machine is what the engine mounts, and the workspace mount needs no check by reading it back.
 *
 * <p>The proof is identity, not guesswork: a local Unix socket, and the engine reporting this
 * machine's host name and kernel. A remote engine, and the VMs of Docker Desktop, Colima or Rancher
 * Desktop, report their own, so they get the full check (a file written here must appear inside).
 */
record EngineHost(String name, String kernelVersion, String operatingSystem) {

    private static final Path HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    static EngineHost of(Info info) {
        return new EngineHost(String.valueOf(info.getName()), String.valueOf(info.getKernelVersion()),
                String.valueOf(info.getOperatingSystem()));
    }

    boolean sharesFileSystemWith(DockerEndpoint endpoint) {
        return endpoint.isUnixSocket()
                && Objects.equals(kernelVersion, System.getProperty("os.version"))
                && Objects.equals(name, localHostName());
    }

    private static String localHostName() {
        try {
            return Files.readString(HOSTNAME).strip();
        } catch (IOException | UnsupportedOperationException e) {
            // Not Linux: engines there run in a VM, which never shares this machine's identity.
            return null;
        }
    }
}
