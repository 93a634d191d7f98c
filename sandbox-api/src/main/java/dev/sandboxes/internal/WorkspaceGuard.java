package dev.sandboxes.internal;

import dev.sandboxes.errors.InvalidWorkspaceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Refuses host folders that must never be given to a sandbox, and sandbox paths that would hide
 * the image's own system folders. Works on real paths, so a symlink cannot sneak a refused folder
 * past it.
 */
public final class WorkspaceGuard {

    /** Folders of the home that hold credentials; nothing inside them may be mounted. */
    private static final List<String> CREDENTIAL_FOLDERS = List.of(".ssh", ".aws", ".gnupg", ".docker", ".kube");

    /** Sandbox paths equal to or above these would hide the image's system or the agent's home. */
    private static final List<Path> NOT_AT_OR_ABOVE = paths(
            "/usr", "/etc", "/bin", "/lib", "/lib64", "/sbin", "/opt", "/var", "/proc", "/sys", "/dev", "/home/agent");

    /** Sandbox paths inside these would replace parts of the image's system. */
    private static final List<Path> NOT_INSIDE = paths(
            "/usr", "/etc", "/bin", "/lib", "/lib64", "/sbin", "/proc", "/sys", "/dev");

    /** Where Docker engines keep their socket; a folder holding one would hand out the engine. */
    private static final List<Path> DOCKER_SOCKETS = paths("/var/run/docker.sock", "/run/docker.sock");

    private final Path userHome;

    public WorkspaceGuard(Path userHome) {
        this.userHome = realOrNormal(userHome);
    }

    /**
     * Checks a host folder for a workspace or an extra mount.
     *
     * @param given what the caller passed
     * @param role  "workspace" or "mount", for messages
     * @return its real path
     * @throws InvalidWorkspaceException when it is refused
     */
    public Path checkHostFolder(Path given, String role) {
        Path absolute = given.toAbsolutePath().normalize();
        if (!Files.exists(absolute)) {
            throw refuse(given, "The " + role + " " + absolute + " does not exist: create the folder first.");
        }
        if (!Files.isDirectory(absolute)) {
            throw refuse(given, "The " + role + " " + absolute + " is a file, not a folder: give the folder that holds it.");
        }
        Path real = realOrNormal(absolute);
        if (real.toString().indexOf('\n') >= 0 || real.toString().indexOf('\t') >= 0) {
            throw refuse(given, "The " + role + " path holds a tab or line break, which sandboxes do not support:"
                    + " rename the folder.");
        }
        if (real.getNameCount() == 0) {
            throw refuse(given, "The " + role + " " + describe(absolute, real)
                    + " is the file system root: give a project folder, never the whole disk.");
        }
        if (userHome.startsWith(real)) {
            throw refuse(given, "The " + role + " " + describe(absolute, real) + " is "
                    + (real.equals(userHome) ? "your home folder" : "a folder above your home folder")
                    + ", which holds your keys and credentials: give a project folder inside it instead.");
        }
        for (String folder : CREDENTIAL_FOLDERS) {
            // Both the folder and where it leads, in case ~/.ssh is itself a symlink.
            Path credentials = userHome.resolve(folder);
            if (real.startsWith(credentials) || real.startsWith(realOrNormal(credentials))) {
                throw refuse(given, "The " + role + " " + describe(absolute, real) + " is inside ~/" + folder
                        + ", which holds credentials: sandboxes never see it.");
            }
        }
        for (Path socket : DOCKER_SOCKETS) {
            // Also where it leads: /var/run is a symlink to /run on Linux, to /private/var/run on macOS.
            if (socket.startsWith(real) || realOrNormal(socket).startsWith(real)) {
                throw refuse(given, "The " + role + " " + describe(absolute, real) + " holds the Docker socket "
                        + socket + ", which gives full control of the engine: ask for it with mountDockerSocket() instead.");
            }
        }
        return real;
    }

    /**
     * Checks where a folder appears inside the sandbox.
     *
     * @throws InvalidWorkspaceException when it would hide the image's own folders
     */
    public void checkSandboxPath(String sandboxPath, Path hostPath) {
        if (sandboxPath.indexOf('\n') >= 0 || sandboxPath.indexOf('\t') >= 0) {
            throw refuse(hostPath, "The sandbox path '" + sandboxPath.replace('\n', ' ').replace('\t', ' ')
                    + "' holds a tab or line break: give a plain path such as /data.");
        }
        Path path = Path.of(sandboxPath);
        if (!path.isAbsolute()) {
            throw refuse(hostPath, "The sandbox path '" + sandboxPath + "' is not absolute: give a path such as /data.");
        }
        path = path.normalize();
        for (Path system : NOT_AT_OR_ABOVE) {
            if (system.startsWith(path)) {
                throw refuse(hostPath, "The sandbox path " + path + " would hide the image's " + system
                        + ": choose a project folder such as /work/project (under /var or /opt is fine).");
            }
        }
        for (Path system : NOT_INSIDE) {
            if (path.startsWith(system)) {
                throw refuse(hostPath, "The sandbox path " + path + " is inside the image's " + system
                        + " and would replace part of its system: choose a project folder such as /work/project.");
            }
        }
    }

    private static String describe(Path absolute, Path real) {
        return absolute.equals(real) ? absolute.toString() : absolute + " (really " + real + ")";
    }

    private static InvalidWorkspaceException refuse(Path path, String message) {
        return new InvalidWorkspaceException(path, message);
    }

    private static Path realOrNormal(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    private static List<Path> paths(String... paths) {
        return java.util.Arrays.stream(paths).map(Path::of).toList();
    }
}
