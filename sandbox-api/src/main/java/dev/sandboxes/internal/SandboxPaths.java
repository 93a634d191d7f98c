package dev.sandboxes.internal;

import dev.sandboxes.errors.InvalidWorkspaceException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a host folder appears inside a sandbox. On Linux and macOS, at the same path. On Windows,
 * as Docker Desktop shows drives to Linux containers: {@code C:\Users\ada\proj} becomes
 * {@code /c/Users/ada/proj}, so paths in errors and tools still read like the host's.
 */
public final class SandboxPaths {

    private static final Pattern DRIVE_PATH = Pattern.compile("([A-Za-z]):[\\\\/]?(.*)");

    private SandboxPaths() {
    }

    /** The sandbox path of a real host path, on this machine's platform. */
    public static String inSandbox(Path realHostPath) {
        return inSandbox(realHostPath.toString(), java.io.File.separatorChar == '\\');
    }

    /**
     * @param windows whether the path is a Windows path
     * @throws InvalidWorkspaceException for a Windows network path, which no engine can mount
     */
    public static String inSandbox(String hostPath, boolean windows) {
        if (!windows) {
            return hostPath;
        }
        if (hostPath.startsWith("\\\\") || hostPath.startsWith("//")) {
            throw new InvalidWorkspaceException(Path.of(hostPath), "The folder " + hostPath
                    + " is on a network share, which Docker cannot mount: copy the project to a local drive.");
        }
        Matcher drive = DRIVE_PATH.matcher(hostPath);
        if (!drive.matches()) {
            throw new InvalidWorkspaceException(Path.of(hostPath), "The folder " + hostPath
                    + " has no drive letter: give an absolute path such as C:\\Users\\you\\project.");
        }
        String rest = drive.group(2).replace('\\', '/');
        while (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        return "/" + drive.group(1).toLowerCase(Locale.ROOT) + (rest.isEmpty() ? "" : "/" + rest);
    }

    /**
     * An absolute sandbox path with {@code .}, {@code ..} and repeated or trailing slashes resolved as
     * text, as {@code realpath -m} would without links: {@code /a//b/../c/} becomes {@code /a/c}.
     */
    public static String normalized(String absolutePath) {
        java.util.Deque<String> names = new java.util.ArrayDeque<>();
        for (String name : absolutePath.split("/")) {
            if (name.equals("..")) {
                names.pollLast();
            } else if (!name.isEmpty() && !name.equals(".")) {
                names.addLast(name);
            }
        }
        return "/" + String.join("/", names);
    }
}
