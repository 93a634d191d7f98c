package dev.sandboxes.internal;

import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.exec.AuditEntry;
import dev.sandboxes.exec.ExecEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit logs of sandboxes: one file of JSON lines per sandbox, on the host, in
 * {@code ~/.sandboxes/audit/<sandbox id>.jsonl} (or under {@code $SANDBOXES_HOME}, or the
 * {@code sandboxes.home} system property). On the host, so that nothing in the sandbox (an agent
 * with sudo) can rewrite it, and so that it outlives the process that ran the commands and the
 * sandbox itself. Every process appends under a file lock, one whole line at a time.
 */
public final class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    /** One monitor per log file, for the threads of this JVM. */
    private static final java.util.Map<Path, Object> WRITERS = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path folder;

    public AuditLog(Path folder) {
        this.folder = folder;
    }

    /** The audit logs of this machine's user. */
    public static AuditLog ofThisUser() {
        String home = System.getProperty("sandboxes.home", System.getenv("SANDBOXES_HOME"));
        Path root = home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".sandboxes");
        return new AuditLog(root.resolve("audit"));
    }

    /** Which line of a command this is: one as it starts, one as it ends (a detached command has only the latter). */
    public enum Phase {
        STARTED, ENDED
    }

    /** What a command whose end is not in the log is said to have met. */
    static final String NO_END = "no end recorded: it still runs, or the process that ran it ended first";

    /**
     * Appends one line to a sandbox's log. A command is written as it starts and again as it ends,
     * under one id, so that a process killed in between leaves its command in the log all the same.
     */
    public void append(String sandboxId, String execId, Phase phase, AuditEntry entry) throws IOException {
        createPrivateFolder();
        Map<String, Object> json = toJson(entry);
        json.put("id", execId);
        json.put("phase", phase.name().toLowerCase(java.util.Locale.ROOT));
        byte[] line = (Json.write(json) + "\n").getBytes(StandardCharsets.UTF_8);
        Path file = file(sandboxId);
        // A file lock keeps other processes out, but belongs to the whole JVM: its threads take turns first.
        synchronized (WRITERS.computeIfAbsent(file, key -> new Object())) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND); FileLock lock = channel.lock()) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        }
    }

    /**
     * A sandbox's log, one entry per command, in the order they started; a command whose end is not
     * written says so in its failure. Empty when nothing was logged for it.
     */
    public List<AuditEntry> read(String sandboxId) {
        Path file = file(sandboxId);
        if (!Files.exists(file)) {
            return List.of();
        }
        java.util.Map<String, AuditEntry> byId = new java.util.LinkedHashMap<>();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SandboxException("Could not read the audit log " + file + ": " + e.getMessage(), e);
        }
        // Only whole lines: the last may be half written by a process that is at it now, or died at it.
        int end = text.lastIndexOf('\n');
        for (String line : end < 0 ? new String[0] : text.substring(0, end).split("\n")) {
            try {
                if (!line.isBlank()) {
                    Map<String, Object> json = Json.parseObject(line);
                    AuditEntry entry = fromJson(json);
                    String id = json.get("id") instanceof String written ? written : java.util.UUID.randomUUID().toString();
                    if ("started".equals(json.get("phase"))) {
                        byId.putIfAbsent(id, new AuditEntry(entry.time(), entry.kind(), entry.user(), entry.argv(),
                                OptionalInt.empty(), Optional.empty(), Optional.of(NO_END)));
                    } else {
                        byId.put(id, entry);  // in the place of its start
                    }
                }
            } catch (RuntimeException damaged) {
                LOG.warn("Skipped a damaged line of the audit log {}: {}", file, damaged.toString());
            }
        }
        return List.copyOf(byId.values());
    }

    private Path file(String sandboxId) {
        if (!sandboxId.matches("[A-Za-z0-9_.-]+")) {
            throw new SandboxException("'" + sandboxId + "' is no sandbox id: an audit log is found by the sandbox's full id.");
        }
        return folder.resolve(sandboxId + ".jsonl");
    }

    /** Commands and prompts are the user's business: the folder is the user's alone (where the file system says so). */
    private void createPrivateFolder() throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        Files.createDirectories(folder.getParent());
        try {
            Files.createDirectory(folder, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(folder);
        } catch (java.nio.file.FileAlreadyExistsException madeMeanwhile) {
            // Another thread or process made it: the same folder.
        }
    }

    /** The entry's fields, in the order they are written (the log's format: keep it). */
    private static Map<String, Object> toJson(AuditEntry entry) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("time", entry.time().toString());
        node.put("kind", entry.kind().name().toLowerCase(java.util.Locale.ROOT));
        node.put("user", entry.user());
        node.put("argv", entry.argv());
        entry.exitCode().ifPresent(code -> node.put("exitCode", code));
        entry.duration().ifPresent(duration -> node.put("durationMillis", duration.toMillis()));
        entry.failure().ifPresent(failure -> node.put("failure", failure));
        return node;
    }

    private static AuditEntry fromJson(Map<String, Object> node) {
        List<String> argv = node.get("argv") instanceof List<?> items
                ? items.stream().map(String::valueOf).toList() : List.of();
        return new AuditEntry(Instant.parse(text(node, "time")),
                ExecEvent.Kind.valueOf(text(node, "kind").toUpperCase(java.util.Locale.ROOT)),
                text(node, "user"), argv,
                node.get("exitCode") instanceof Number code ? OptionalInt.of(code.intValue()) : OptionalInt.empty(),
                node.get("durationMillis") instanceof Number millis
                        ? Optional.of(Duration.ofMillis(millis.longValue())) : Optional.empty(),
                node.get("failure") instanceof String failure ? Optional.of(failure) : Optional.empty());
    }

    private static String text(Map<String, Object> node, String field) {
        Object value = node.get(field);
        return value == null ? "" : String.valueOf(value);
    }
}
