package dev.sandboxes.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks for a secret everywhere it must not be: inside a container as root (its files and every
 * process's environment and command line), in what {@code docker inspect} shows of a container, in
 * what the engine wrote to its data folder since a moment, in a saved image. Each method returns
 * where it found the secret; empty is the expected answer. The secret never goes into the argv of a
 * search (a process's command line is searched too): it travels on standard input.
 */
final class SecretSearch {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LIMIT = Duration.ofMinutes(3);

    private final String secret;
    private final byte[] needle;

    SecretSearch(String secret) {
        this.secret = secret;
        this.needle = secret.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The files of a container (but in folders of the given names, and /proc, /sys, /dev), and every
     * process's environment and command line, as root.
     */
    List<String> inContainer(String containerId, String... exceptFolders) {
        List<String> found = new ArrayList<>();
        StringBuilder excluded = new StringBuilder("--exclude-dir=proc --exclude-dir=sys --exclude-dir=dev");
        for (String folder : exceptFolders) {
            excluded.append(" --exclude-dir=").append(folder);
        }
        // -f -: the pattern comes from standard input.
        ExecResult files = DockerTestSupport.runtime().exec(containerId, ExecRequest.of("sh", "-c",
                "grep -rlsF -f - " + excluded + " / ; true")
                .withStdin(secret + "\n").asRoot().inDirectory("/").withTimeout(LIMIT));
        files.stdout().lines().filter(line -> !line.isBlank()).forEach(path -> found.add(containerId + ":" + path));
        // Root has no CAP_SYS_PTRACE in a sandbox: it reads only its own processes' environments, so
        // the sandbox's own user looks at its processes too.
        for (boolean root : new boolean[] {true, false}) {
            ExecRequest request = ExecRequest.of("sh", "-c", "cat /proc/[0-9]*/environ /proc/[0-9]*/cmdline 2>/dev/null; true")
                    .inDirectory("/").withTimeout(LIMIT);
            ExecResult processes = DockerTestSupport.runtime().exec(containerId, root ? request.asRoot() : request);
            if (processes.stdout().contains(secret)) {
                found.add(containerId + ": a process's environment or command line, read as " + (root ? "root" : "its user"));
            }
        }
        return found;
    }

    /** What {@code docker inspect} shows of a container. */
    List<String> inInspect(String containerId) throws IOException {
        String inspect = JSON.writeValueAsString(DockerTestSupport.docker().inspectContainerCmd(containerId).exec());
        return inspect.contains(secret) ? List.of("docker inspect " + containerId) : List.of();
    }

    /**
     * Every file the engine wrote in its data folder since then, but those of the given containers
     * (a stand-in for the real host, which receives the secret as it should).
     */
    List<String> inDockerData(Path dataRoot, FileTime since, String... exceptContainers) throws IOException {
        List<Path> skipped = new ArrayList<>();
        for (String container : exceptContainers) {
            var inspect = DockerTestSupport.docker().inspectContainerCmd(container).exec();
            skipped.add(dataRoot.resolve("containers").resolve(inspect.getId()));
            // docker-java's model has no UpperDir: the engine's own CLI reads it.
            Process cli = new ProcessBuilder("docker", "inspect", "--format", "{{.GraphDriver.Data.UpperDir}}", inspect.getId())
                    .redirectErrorStream(true).start();
            String upper = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (upper.startsWith("/")) {
                skipped.add(Path.of(upper).getParent());
            }
        }
        List<String> found = new ArrayList<>();
        // The engine removes folders while the walk goes (finished execs, other tests' containers): skipped.
        Files.walkFileTree(dataRoot, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes attrs) {
                return skipped.stream().anyMatch(dir::startsWith) ? java.nio.file.FileVisitResult.SKIP_SUBTREE
                        : java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && attrs.lastModifiedTime().compareTo(since) >= 0) {
                    try (InputStream in = Files.newInputStream(file)) {
                        if (contains(in)) {
                            found.add(file.toString());
                        }
                    } catch (IOException gone) {
                        // Removed meanwhile: it holds nothing now.
                    }
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        return found;
    }

    /** The image as {@code docker save} writes it. */
    List<String> inSavedImage(String image) throws IOException {
        try (InputStream saved = DockerTestSupport.docker().saveImageCmd(image).exec()) {
            return contains(saved) ? List.of("docker save " + image) : List.of();
        }
    }

    /** Whether text holds the secret. */
    List<String> inText(String where, String text) {
        return text.contains(secret) ? List.of(where) : List.of();
    }

    /** Streams through, keeping the last needle's length of bytes across reads. */
    private boolean contains(InputStream in) throws IOException {
        byte[] buffer = new byte[1 << 16];
        byte[] window = new byte[buffer.length + needle.length];
        int kept = 0;
        int read;
        while ((read = in.read(buffer)) > 0) {
            System.arraycopy(buffer, 0, window, kept, read);
            int length = kept + read;
            if (indexOf(window, length) >= 0) {
                return true;
            }
            kept = Math.min(needle.length - 1, length);
            System.arraycopy(window, length - kept, window, 0, kept);
        }
        return false;
    }

    private int indexOf(byte[] haystack, int length) {
        outer:
        for (int i = 0; i <= length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
