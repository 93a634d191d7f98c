package dev.sandboxes.docker;

import dev.sandboxes.core.FileEntry;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.errors.SandboxNotFoundException;
import dev.sandboxes.exec.ExecListener;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The file operations the engine's archive API does badly, run as small POSIX shell commands as
 * root in the sandbox: listing one folder (the archive of a folder holds everything under it),
 * reading part of a file (an archive holds all of it), deleting. They use only what both GNU
 * coreutils and busybox have ({@code stat -c}, {@code readlink}, {@code tail -c}, {@code head -c},
 * {@code rm}), so they work in the shipped templates and in small images alike.
 */
final class FileCommands {

    /** Exit codes the scripts use to say what is wrong with the path. */
    private static final int MISSING = 3;
    private static final int NOT_A_FOLDER = 4;
    private static final int A_FOLDER = 5;

    /**
     * One record per entry, each field ended by a NUL (a name may hold anything else): the raw mode
     * in hex, size, uid, gid and modification time; the name; the link target, empty if none.
     * {@code ./} keeps a name that starts with {@code -} from being read as an option.
     */
    private static final String LIST = """
            d=$1
            [ -e "$d" ] || [ -L "$d" ] || exit 3
            [ -d "$d" ] || exit 4
            cd "$d" || exit 1
            for f in * .[!.]* ..?*; do
              [ -e "./$f" ] || [ -L "./$f" ] || continue
              printf '%s\\0%s\\0' "$(stat -c '%f %s %u %g %Y' "./$f")" "$f"
              if [ -L "./$f" ]; then printf '%s' "$(readlink "./$f")"; fi
              printf '\\0'
            done
            """;

    /** {@code tail -c +N} seeks in a regular file (GNU), so only the part asked for is read. */
    private static final String READ_PART = """
            [ -e "$1" ] || exit 3
            [ -d "$1" ] && exit 5
            tail -c +$(($2 + 1)) "$1" | head -c "$3"
            """;

    private static final String DELETE = """
            [ -e "$1" ] || [ -L "$1" ] || exit 3
            rm -rf "$1"
            """;

    /** Enough of stderr for an error message; stdout goes to the listener. */
    private static final int STDERR_KEPT = 16 * 1024;

    private final DockerExec exec;

    FileCommands(DockerExec exec) {
        this.exec = exec;
    }

    byte[] readPart(String containerId, String path, long offset, int length) {
        ByteArrayOutputStream content = new ByteArrayOutputStream(Math.min(length, 1 << 16));
        // The shell adds 1 to the offset: keep that from overflowing.
        String from = Long.toString(Math.min(offset, Long.MAX_VALUE - 1));
        run(containerId, path, "read", READ_PART, content, path, from, Integer.toString(length));
        return content.toByteArray();
    }

    List<FileEntry> list(String containerId, String folder) {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        run(containerId, folder, "list", LIST, records, folder);
        return parse(folder, records.toByteArray());
    }

    void delete(String containerId, String path) {
        run(containerId, path, "delete", DELETE, new ByteArrayOutputStream(), path);
    }

    /** The entries of the script's records, by name. */
    static List<FileEntry> parse(String folder, byte[] records) {
        String[] fields = new String(records, StandardCharsets.UTF_8).split("\0", -1);
        String parent = folder.endsWith("/") ? folder : folder + "/";
        List<FileEntry> entries = new ArrayList<>();
        for (int i = 0; i + 2 < fields.length; i += 3) {
            String[] stat = fields[i].split(" ");
            int rawMode = Integer.parseInt(stat[0], 16);
            String name = fields[i + 1];
            entries.add(new FileEntry(name, parent + name, type(rawMode), Long.parseLong(stat[1]), rawMode & 07777,
                    Integer.parseInt(stat[2]), Integer.parseInt(stat[3]), Instant.ofEpochSecond(Long.parseLong(stat[4])),
                    fields[i + 2].isEmpty() ? Optional.empty() : Optional.of(fields[i + 2])));
        }
        entries.sort(Comparator.comparing(FileEntry::name));
        return List.copyOf(entries);
    }

    /** The file type bits of {@code st_mode}. */
    private static FileEntry.Type type(int rawMode) {
        return switch (rawMode & 0170000) {
            case 0100000 -> FileEntry.Type.FILE;
            case 0040000 -> FileEntry.Type.FOLDER;
            case 0120000 -> FileEntry.Type.SYMLINK;
            default -> FileEntry.Type.OTHER;
        };
    }

    private void run(String containerId, String path, String action, String script, ByteArrayOutputStream stdout,
                     String... args) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", script, "sandboxes-" + action));
        argv.addAll(List.of(args));
        ExecRequest request = ExecRequest.of(argv).asRoot().inDirectory("/").withOutputLimit(STDERR_KEPT)
                .withListener(new ExecListener() {
                    @Override
                    public void onStdout(byte[] chunk) {
                        stdout.write(chunk, 0, chunk.length);
                    }
                });
        ExecResult result = exec.start(containerId, request).await();
        switch (result.exitCode()) {
            case 0 -> { }
            case MISSING -> throw new SandboxNotFoundException("There is no " + path + " in sandbox " + containerId + ".");
            case NOT_A_FOLDER -> throw new InvalidSandboxConfigException(path + " is not a folder in sandbox " + containerId
                    + ": list a folder, or read the file.");
            case A_FOLDER -> throw new InvalidSandboxConfigException(path + " is a folder in sandbox " + containerId
                    + ": read files one by one, or list the folder.");
            case 126, 127 -> throw new SandboxException("Cannot " + action + " " + path + " in sandbox " + containerId
                    + ": it needs a POSIX shell with stat, readlink, tail, head and rm, which its image lacks ("
                    + result.stderr().strip() + ").");
            default -> throw new SandboxException("Could not " + action + " " + path + " in sandbox " + containerId
                    + " (exit " + result.exitCode() + "): " + result.stderr().strip());
        }
    }
}
