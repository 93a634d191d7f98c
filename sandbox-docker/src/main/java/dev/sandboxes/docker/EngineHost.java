package dev.sandboxes.docker;

import com.github.dockerjava.api.model.Info;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the engine runs on this very machine, sharing its file system: then a folder of this
 * machine is what the engine mounts, and the workspace mount needs no check by reading it back.
 *
 * <p>The proof is identity, not guesswork: a local Unix socket, this process not inside a container
 * (where a mounted socket and the host's network would fake the rest), and the engine reporting this
 * machine's host name and kernel. A remote engine, and the VMs of Docker Desktop, Colima or Rancher
 * Desktop, report their own, so they get the full check (a file written here must appear inside).
 */
record EngineHost(String name, String kernelVersion, String operatingSystem, Optional<Path> dockerRootDir,
                  boolean translatesIds) {

    private static final Path HOSTNAME = Path.of("/proc/sys/kernel/hostname");
    /** Marks of a container (Docker's, Podman's): inside one, host name and kernel prove nothing. */
    private static final List<Path> CONTAINER_MARKS = List.of(Path.of("/.dockerenv"), Path.of("/run/.containerenv"));

    static EngineHost of(Info info) {
        return new EngineHost(String.valueOf(info.getName()), String.valueOf(info.getKernelVersion()),
                String.valueOf(info.getOperatingSystem()),
                Optional.ofNullable(info.getDockerRootDir()).filter(dir -> !dir.isBlank()).map(Path::of),
                // Rootless engines and user-namespace remapping both translate ids between host and container.
                info.getSecurityOptions() != null && info.getSecurityOptions().stream()
                        .anyMatch(o -> o.contains("rootless") || o.contains("name=userns")));
    }

    boolean sharesFileSystemWith(DockerEndpoint endpoint) {
        return endpoint.isUnixSocket()
                && CONTAINER_MARKS.stream().noneMatch(Files::exists)
                && Objects.equals(kernelVersion, System.getProperty("os.version"))
                && Objects.equals(name, localHostName());
    }

    /**
     * Whether the engine is proven to see this machine's files: by identity (see above), or, inside a
     * container (as in CI, with the engine started there), by its data folder being in sight.
     */
    boolean provablyLocal(DockerEndpoint endpoint) {
        return sharesFileSystemWith(endpoint)
                || endpoint.isUnixSocket() && dockerRootDir.map(root -> Files.isDirectory(root.resolve("containers"))).orElse(false);
    }

    /**
     * Whether this process sees the engine's own data folder for a container the engine just
     * created: proof that both share one file system even inside a container (an engine started in
     * the same container, as in CI). Needs read access to the engine's root folder, so root only.
     */
    boolean seesDataOf(String containerId) {
        return dockerRootDir.map(root -> Files.isDirectory(root.resolve("containers").resolve(containerId))).orElse(false);
    }

    /**
     * Whether the engine shows the host's numeric owners as they are: a native, rootful engine on
     * Linux. Docker Desktop, rootless Docker, Colima and Rancher Desktop translate ownership
     * themselves, and remapping for them would be wrong (a Mac's 501:20 even collides with a Debian
     * group).
     */
    boolean keepsHostOwners(DockerEndpoint endpoint) {
        String os = operatingSystem.toLowerCase(java.util.Locale.ROOT);
        String host = name.toLowerCase(java.util.Locale.ROOT);
        return provablyLocal(endpoint)
                && !translatesIds
                && !os.contains("docker desktop")
                && !host.contains("colima") && !host.contains("rancher-desktop") && !host.startsWith("lima-")
                && System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
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
