package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.errors.SandboxNotFoundException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Files in and out of a sandbox through the engine's archive API (tar), with modes and owners kept.
 * Copies out ask for identity encoding: the zerodep client asks for gzip by default, and the
 * engine's compressing makes copies out several times slower.
 */
final class SandboxFiles {

    private static final int MAX_LINKS = 40;

    private final DockerClient client;
    private final DockerHttpClient http;
    private final DockerErrors errors;
    private final String apiVersion;

    SandboxFiles(DockerClient client, DockerHttpClient http, DockerErrors errors, String apiVersion) {
        this.client = client;
        this.http = http;
        this.errors = errors;
        this.apiVersion = apiVersion;
    }

    byte[] readFile(String containerId, String path) {
        return readFile(containerId, path, 0);
    }

    /** Follows links as the kernel does, up to its own limit of 40, so a cycle is an error and not a loop. */
    private byte[] readFile(String containerId, String path, int linksFollowed) {
        if (linksFollowed > MAX_LINKS) {
            throw new SandboxException("Reading " + path + " from sandbox " + containerId + " followed more than "
                    + MAX_LINKS + " symbolic links: they form a loop.");
        }
        try (InputStream raw = archiveOut(containerId, path); TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            TarArchiveEntry entry = tar.getNextEntry();
            if (entry == null) {
                throw new SandboxException("The engine sent an empty archive for " + path + " of sandbox " + containerId + ".");
            }
            if (entry.isDirectory()) {
                throw new InvalidSandboxConfigException(path + " is a folder in sandbox " + containerId
                        + ": read files one by one, or copy the folder out with copyFrom(...).");
            }
            if (entry.isSymbolicLink()) {
                return readFile(containerId, resolveLink(path, entry.getLinkName()), linksFollowed + 1);
            }
            return tar.readAllBytes();
        } catch (IOException e) {
            throw new SandboxException("Reading " + path + " from sandbox " + containerId + " failed: " + e, e);
        }
    }

    void writeFile(String containerId, String path, byte[] content, int mode, int uid, int gid) {
        Path target = named(path);
        SetupArchive archive = new SetupArchive().file(target.getFileName().toString(), content, mode & 07777, uid, gid);
        archiveIn(containerId, parentOf(target), archive.toTar(), path);
    }

    /** A host file or folder into the sandbox under the name {@code sandboxPath}, owned by uid:gid. */
    void copyTo(String containerId, Path host, String sandboxPath, int uid, int gid) {
        if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidSandboxConfigException("Cannot copy " + host + " into the sandbox: it does not exist.");
        }
        Path target = named(sandboxPath);
        Path tar = null;
        try {
            tar = Files.createTempFile("sandboxes-copy-", ".tar");
            try (OutputStream file = Files.newOutputStream(tar); TarArchiveOutputStream out = new TarArchiveOutputStream(file)) {
                out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                try (Stream<Path> paths = Files.walk(host)) {
                    for (Path path : (Iterable<Path>) paths::iterator) {
                        String name = target.getFileName() + (path.equals(host) ? "" : "/" + host.relativize(path).toString().replace('\\', '/'));
                        addEntry(out, path, name, uid, gid);
                    }
                }
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(tar))) {
                archiveIn(containerId, parentOf(target), in, sandboxPath);
            }
        } catch (IOException e) {
            throw new SandboxException("Copying " + host + " into sandbox " + containerId + " failed: " + e, e);
        } finally {
            deleteQuietly(tar);
        }
    }

    /** A file or folder of the sandbox to {@code host}, which must not exist; nothing may land outside it. */
    void copyFrom(String containerId, String sandboxPath, Path host) {
        if (Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidSandboxConfigException("Cannot copy " + sandboxPath + " to " + host
                    + ": it exists already. Give a path that does not exist yet.");
        }
        try (InputStream raw = archiveOut(containerId, sandboxPath)) {
            extractAll(raw, host, sandboxPath);
        } catch (IOException e) {
            throw new SandboxException("Copying " + sandboxPath + " out of sandbox " + containerId + " failed: " + e, e);
        }
    }

    /**
     * Unpacks an archive of one item (a file, or a folder and what it holds) as {@code host}. The
     * archive comes from an agent-controlled sandbox, so nothing in it is trusted: entries that would
     * land outside {@code host} (by {@code ..}, an absolute name, a second top-level item, or any
     * symlink, unpacked earlier or at the top) are refused, links are never followed, and folder
     * modes are applied last, so that a read-only folder can still be filled.
     */
    static void extractAll(InputStream archive, Path host, String what) throws IOException {
        Path destination = host.toAbsolutePath().normalize();
        Files.createDirectories(destination.getParent());
        // Fixed before anything is unpacked: nothing written later can move it.
        Path root = destination.getParent().toRealPath().resolve(destination.getFileName());
        TarArchiveInputStream tar = new TarArchiveInputStream(archive);
        Map<Path, Integer> folderModes = new LinkedHashMap<>();
        String top = null;
        boolean topIsFolder = false;
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            String name = entry.getName();
            String first = name.split("/", 2)[0];
            String rest = name.length() > first.length() ? name.substring(first.length() + 1) : "";
            rest = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
            if (top == null) {
                top = first;
                topIsFolder = entry.isDirectory();
            }
            Path out = rest.isEmpty() ? root : root.resolve(rest).normalize();
            boolean escapes = name.startsWith("/") || !first.equals(top) || !out.startsWith(root)
                    || (!rest.isEmpty() && !topIsFolder)
                    || (rest.isEmpty() && entry.isSymbolicLink())
                    || !parentInside(out, root)
                    || Files.isSymbolicLink(out);
            if (escapes) {
                throw new SandboxException("The archive of " + what + " holds an entry that would land outside "
                        + host + " (" + name + "): refused.");
            }
            extract(tar, entry, out, root, folderModes);
        }
        // Deepest first, so that a folder made read-only does not stop its parent's mode being set.
        List<Path> folders = new ArrayList<>(folderModes.keySet());
        Collections.reverse(folders);
        for (Path folder : folders) {
            Files.getFileAttributeView(folder, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setPermissions(permissions(folderModes.get(folder)));
        }
    }

    private static void extract(TarArchiveInputStream tar, TarArchiveEntry entry, Path out, Path root,
                                Map<Path, Integer> folderModes) throws IOException {
        if (entry.isDirectory()) {
            Files.createDirectories(out);
            folderModes.put(out, entry.getMode() & 0777);
        } else if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
            // A hard link names another entry of this archive, already unpacked inside.
            String linked = entry.getLinkName();
            int slash = linked.indexOf('/');
            Path target = slash < 0 ? root : root.resolve(linked.substring(slash + 1)).normalize();
            if (!target.startsWith(root) || !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new SandboxException("A hard link in the archive points outside it (" + entry.getName() + "): refused.");
            }
            Files.createLink(out, target);
        } else if (entry.isFile()) {
            try (OutputStream file = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                tar.transferTo(file);
            }
            Files.getFileAttributeView(out, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setPermissions(permissions(entry.getMode()));
        }
        // Devices and pipes are not copied out.
    }

    /** The entry's folder, links resolved, is {@code root} or inside it: no symlink unpacked earlier leads elsewhere. */
    private static boolean parentInside(Path out, Path root) throws IOException {
        if (out.equals(root)) {
            return true;
        }
        Path parent = out.getParent();
        return Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS) && parent.toRealPath().startsWith(root);
    }

    private InputStream archiveOut(String containerId, String path) {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path("/v" + apiVersion + "/containers/" + containerId + "/archive?path="
                        + URLEncoder.encode(path, StandardCharsets.UTF_8))
                .putHeader("Accept-Encoding", "identity")
                .build();
        DockerHttpClient.Response response = errors.call("copy " + path + " out of sandbox " + containerId,
                () -> http.execute(request));
        if (response.getStatusCode() == 404) {
            close(response);
            throw new SandboxNotFoundException("There is no " + path + " in sandbox " + containerId + " (or no such sandbox).");
        }
        if (response.getStatusCode() != 200) {
            String body = body(response);
            throw new SandboxException("The engine refused to copy " + path + " out of sandbox " + containerId
                    + " (HTTP " + response.getStatusCode() + "): " + body);
        }
        return new java.io.FilterInputStream(response.getBody()) {
            @Override
            public void close() throws IOException {
                super.close();
                SandboxFiles.close(response);
            }
        };
    }

    private void archiveIn(String containerId, String folder, InputStream tar, String path) {
        try {
            client.copyArchiveToContainerCmd(containerId).withTarInputStream(tar).withRemotePath(folder).exec();
        } catch (NotFoundException e) {
            throw new SandboxNotFoundException("Cannot write " + path + " in sandbox " + containerId + ": the folder "
                    + folder + " does not exist there (or the sandbox is gone).");
        } catch (RuntimeException e) {
            throw errors.translate("write " + path + " in sandbox " + containerId, e);
        }
    }

    /** One host path as an archive entry, by its own attributes: links are copied as links, never followed. */
    private static void addEntry(TarArchiveOutputStream out, Path path, String name, int uid, int gid) throws IOException {
        java.nio.file.attribute.BasicFileAttributes attributes =
                Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        TarArchiveEntry entry;
        if (attributes.isSymbolicLink()) {
            entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(path).toString());
        } else if (attributes.isDirectory()) {
            entry = new TarArchiveEntry(name + "/", TarArchiveEntry.LF_DIR);
            entry.setMode(040000 | mode(path));
        } else if (attributes.isRegularFile()) {
            entry = new TarArchiveEntry(name, TarArchiveEntry.LF_NORMAL);
            entry.setSize(attributes.size());
            entry.setMode(0100000 | mode(path));
        } else {
            return;  // pipes, sockets and devices have no place in a copy (a pipe would block it forever)
        }
        entry.setIds(uid, gid);
        out.putArchiveEntry(entry);
        if (attributes.isRegularFile()) {
            try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
                in.transferTo(out);
            }
        }
        out.closeArchiveEntry();
    }

    private static int mode(Path path) throws IOException {
        int mode = 0;
        for (PosixFilePermission permission : Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = new HashSet<>();
        PosixFilePermission[] all = PosixFilePermission.values();
        for (int i = 0; i < all.length; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                permissions.add(all[i]);
            }
        }
        return permissions;
    }

    /** A sandbox path that names a file or folder, not the root. */
    private static Path named(String path) {
        Path target = Path.of(path).normalize();
        if (target.getFileName() == null) {
            throw new InvalidSandboxConfigException("'" + path + "' names no file: give a path such as /tmp/file.txt.");
        }
        return target;
    }

    private static String parentOf(Path target) {
        Path parent = target.getParent();
        return parent == null ? "/" : parent.toString();
    }

    private static String resolveLink(String path, String link) {
        return link.startsWith("/") ? link : Path.of(path).resolveSibling(link).normalize().toString();
    }

    private static String body(DockerHttpClient.Response response) {
        try (InputStream in = response.getBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        } finally {
            close(response);
        }
    }

    private static void close(DockerHttpClient.Response response) {
        try {
            response.close();
        } catch (Exception ignored) {
            // Nothing more to release.
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A temporary file left behind harms nothing.
            }
        }
    }
}
