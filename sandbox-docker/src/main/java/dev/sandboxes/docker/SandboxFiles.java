package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.sandboxes.InvalidSandboxConfigException;
import dev.sandboxes.SandboxException;
import dev.sandboxes.SandboxNotFoundException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
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
        try (InputStream raw = archiveOut(containerId, path); TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            TarArchiveEntry entry = tar.getNextEntry();
            if (entry == null || entry.isDirectory()) {
                throw new InvalidSandboxConfigException(path + " is a folder in sandbox " + containerId
                        + ": read files one by one, or copy the folder out with copyFrom(...).");
            }
            if (entry.isSymbolicLink()) {
                return readFile(containerId, resolveLink(path, entry.getLinkName()));
            }
            return tar.readAllBytes();
        } catch (IOException e) {
            throw new SandboxException("Reading " + path + " from sandbox " + containerId + " failed: " + e, e);
        }
    }

    void writeFile(String containerId, String path, byte[] content, int mode, int uid, int gid) {
        Path target = Path.of(path);
        SetupArchive archive = new SetupArchive().file(target.getFileName().toString(), content, mode & 07777, uid, gid);
        archiveIn(containerId, parentOf(target), archive.toTar(), path);
    }

    /** A host file or folder into the sandbox under the name {@code sandboxPath}, owned by uid:gid. */
    void copyTo(String containerId, Path host, String sandboxPath, int uid, int gid) {
        if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidSandboxConfigException("Cannot copy " + host + " into the sandbox: it does not exist.");
        }
        Path target = Path.of(sandboxPath);
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
            throw new UncheckedIOException("Copying " + host + " into sandbox " + containerId + " failed", e);
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
     * Unpacks an archive of one item (a file, or a folder and what it holds) as {@code host}. Entries
     * that would land outside it, by {@code ..}, an absolute name, a second top-level item or a
     * symlink unpacked earlier, are refused.
     */
    static void extractAll(InputStream archive, Path host, String what) throws IOException {
        Path destination = host.toAbsolutePath().normalize();
        TarArchiveInputStream tar = new TarArchiveInputStream(archive);
        Files.createDirectories(destination.getParent());
        String top = null;
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            String name = entry.getName();
            String first = name.split("/", 2)[0];
            top = top == null ? first : top;
            // The archive names entries after the copied item; ours is renamed to host's name.
            String rest = name.length() > first.length() ? name.substring(first.length() + 1) : "";
            Path out = rest.isEmpty() ? destination : destination.resolve(rest).normalize();
            if (!rest.isEmpty()) {
                Files.createDirectories(destination);
            }
            if (name.startsWith("/") || !first.equals(top) || !out.startsWith(destination)
                    || (!rest.isEmpty() && !parentInside(out, destination.toRealPath()))) {
                throw new SandboxException("The archive of " + what + " holds an entry that would land outside "
                        + host + " (" + name + "): refused.");
            }
            extract(tar, entry, out);
        }
    }

    private static void extract(TarArchiveInputStream tar, TarArchiveEntry entry, Path out) throws IOException {
        if (entry.isDirectory()) {
            Files.createDirectories(out);
        } else if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
            return;
        } else if (entry.isFile() && !entry.isLink()) {
            try (OutputStream file = Files.newOutputStream(out, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                tar.transferTo(file);
            }
        } else {
            return;  // hard links, devices and pipes are not copied out
        }
        Files.setPosixFilePermissions(out, permissions(entry.getMode()));
    }

    /** The entry's folder, with links resolved, is still inside {@code root}: no symlink unpacked earlier leads elsewhere. */
    private static boolean parentInside(Path out, Path root) throws IOException {
        Path parent = out.getParent();
        while (parent != null && !Files.exists(parent, LinkOption.NOFOLLOW_LINKS)) {
            parent = parent.getParent();
        }
        return parent != null && parent.toRealPath().startsWith(root);
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

    private static void addEntry(TarArchiveOutputStream out, Path path, String name, int uid, int gid) throws IOException {
        TarArchiveEntry entry;
        if (Files.isSymbolicLink(path)) {
            entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(path).toString());
        } else if (Files.isDirectory(path)) {
            entry = new TarArchiveEntry(name + "/", TarArchiveEntry.LF_DIR);
            entry.setMode(040000 | mode(path));
        } else {
            entry = new TarArchiveEntry(name, TarArchiveEntry.LF_NORMAL);
            entry.setSize(Files.size(path));
            entry.setMode(0100000 | mode(path));
        }
        entry.setIds(uid, gid);
        out.putArchiveEntry(entry);
        if (entry.isFile()) {
            try (InputStream in = Files.newInputStream(path)) {
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
