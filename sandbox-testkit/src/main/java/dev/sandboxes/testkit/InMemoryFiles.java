package dev.sandboxes.testkit;

import dev.sandboxes.core.FileEntry;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.errors.SandboxNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Listing, deleting and reading part of the in-memory runtime's files: those under the workspace
 * on the host (as a bind mount shows them), the others from the sandbox's map, where a folder is
 * any prefix of a file's path.
 */
final class InMemoryFiles {

    /** Mode and owner of a file written in memory. */
    record Meta(int mode, int uid, int gid, Instant modified) {
    }

    private static final int FOLDER_MODE = 0755;

    private InMemoryFiles() {
    }

    static byte[] readPart(byte[] whole, long offset, int length) {
        int from = (int) Math.min(offset, whole.length);
        return Arrays.copyOfRange(whole, from, (int) Math.min(whole.length, from + (long) length));
    }

    /** Only the part asked for is read, as the Docker runtime does. */
    static byte[] readPart(InMemoryRuntime.Box box, String path, Path file, long offset, int length) {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(Math.min(offset, Files.size(file)));
            return in.readNBytes(length);
        } catch (IOException e) {
            throw new SandboxException("Reading " + path + " of sandbox " + box.id + " failed: " + e, e);
        }
    }

    static List<FileEntry> list(InMemoryRuntime.Box box, String folder) {
        String normal = Path.of(folder).normalize().toString();
        Optional<Path> onHost = InMemoryRuntime.onHost(box, normal);
        if (onHost.isPresent()) {
            return listOnHost(box, normal, onHost.get());
        }
        if (box.files.containsKey(normal)) {
            throw notAFolder(box, folder);
        }
        String prefix = normal.equals("/") ? "/" : normal + "/";
        Map<String, FileEntry> entries = new TreeMap<>();
        box.files.forEach((path, content) -> {
            if (path.startsWith(prefix)) {
                String name = path.substring(prefix.length()).split("/", 2)[0];
                String child = prefix + name;
                Meta meta = box.meta.getOrDefault(child, new Meta(FOLDER_MODE, 0, 0, box.created));
                boolean file = child.equals(path);
                entries.put(name, new FileEntry(name, child, file ? FileEntry.Type.FILE : FileEntry.Type.FOLDER,
                        file ? content.length : 4096, meta.mode(), meta.uid(), meta.gid(), meta.modified(), Optional.empty()));
            }
        });
        if (entries.isEmpty() && !normal.equals("/")) {
            throw missing(box, folder);
        }
        return List.copyOf(entries.values());
    }

    static void delete(InMemoryRuntime.Box box, String path) {
        Optional<Path> onHost = InMemoryRuntime.onHost(box, path);
        if (onHost.isPresent()) {
            deleteOnHost(box, path, onHost.get());
            return;
        }
        boolean found = box.files.remove(path) != null;
        found |= box.files.keySet().removeIf(file -> file.startsWith(path + "/"));
        box.meta.keySet().removeIf(file -> file.equals(path) || file.startsWith(path + "/"));
        if (!found) {
            throw missing(box, path);
        }
    }

    private static List<FileEntry> listOnHost(InMemoryRuntime.Box box, String folder, Path host) {
        if (!Files.exists(host)) {
            throw missing(box, folder);
        }
        if (!Files.isDirectory(host)) {
            throw notAFolder(box, folder);
        }
        List<FileEntry> entries = new ArrayList<>();
        try (Stream<Path> children = Files.list(host)) {
            for (Path child : (Iterable<Path>) children.sorted(Comparator.comparing(Path::getFileName))::iterator) {
                entries.add(describe(child, folder.equals("/") ? "/" : folder + "/"));
            }
        } catch (IOException e) {
            throw new SandboxException("Listing " + folder + " of sandbox " + box.id + " failed: " + e, e);
        }
        return List.copyOf(entries);
    }

    private static FileEntry describe(Path child, String parent) throws IOException {
        Map<String, Object> unix = Files.readAttributes(child, "unix:mode,uid,gid,size,lastModifiedTime,isDirectory,isSymbolicLink,isRegularFile",
                LinkOption.NOFOLLOW_LINKS);
        FileEntry.Type type = (Boolean) unix.get("isSymbolicLink") ? FileEntry.Type.SYMLINK
                : (Boolean) unix.get("isDirectory") ? FileEntry.Type.FOLDER
                : (Boolean) unix.get("isRegularFile") ? FileEntry.Type.FILE : FileEntry.Type.OTHER;
        String name = child.getFileName().toString();
        return new FileEntry(name, parent + name, type, (Long) unix.get("size"), (Integer) unix.get("mode"),
                (Integer) unix.get("uid"), (Integer) unix.get("gid"),
                ((java.nio.file.attribute.FileTime) unix.get("lastModifiedTime")).toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                type == FileEntry.Type.SYMLINK ? Optional.of(Files.readSymbolicLink(child).toString()) : Optional.empty());
    }

    private static void deleteOnHost(InMemoryRuntime.Box box, String path, Path host) {
        if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
            throw missing(box, path);
        }
        try (Stream<Path> tree = Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS) ? Files.walk(host) : Stream.of(host)) {
            for (Path each : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(each);
            }
        } catch (IOException e) {
            throw new SandboxException("Deleting " + path + " of sandbox " + box.id + " failed: " + e, e);
        }
    }

    static SandboxNotFoundException missing(InMemoryRuntime.Box box, String path) {
        return new SandboxNotFoundException("There is no " + path + " in sandbox " + box.id + " (or no such sandbox).");
    }

    private static InvalidSandboxConfigException notAFolder(InMemoryRuntime.Box box, String path) {
        return new InvalidSandboxConfigException(path + " is not a folder in sandbox " + box.id + ": list a folder, or read the file.");
    }
}
