package dev.sandboxes.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandboxes.AuditEntry;
import dev.sandboxes.ExecEvent;
import dev.sandboxes.SandboxException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The audit logs of sandboxes: one file of JSON lines per sandbox, on the host, in
 * {@code ~/.sandboxes/audit/<sandbox id>.jsonl} (or under {@code $SANDBOXES_HOME}, or the
 * {@code sandboxes.home} system property). On the host, so that nothing in the sandbox (an agent
 * with sudo) can rewrite it, and so that it outlives the process that ran the commands and the
 * sandbox itself. Every process appends under a file lock, one whole line at a time.
 */
public final class AuditLog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());
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
        ObjectNode json = toJson(entry);
        json.put("id", execId);
        json.put("phase", phase.name().toLowerCase(java.util.Locale.ROOT));
        byte[] line = (JSON.writeValueAsString(json) + "\n").getBytes(StandardCharsets.UTF_8);
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
                    JsonNode json = JSON.readTree(line);
                    AuditEntry entry = fromJson(json);
                    String id = json.path("id").asText(java.util.UUID.randomUUID().toString());
                    if ("started".equals(json.path("phase").asText())) {
                        byId.putIfAbsent(id, new AuditEntry(entry.time(), entry.kind(), entry.user(), entry.argv(),
                                OptionalInt.empty(), Optional.empty(), Optional.of(NO_END)));
                    } else {
                        byId.put(id, entry);  // in the place of its start
                    }
                }
            } catch (IOException | RuntimeException damaged) {
                LOG.log(System.Logger.Level.WARNING, "Skipped a damaged line of the audit log " + file + ": " + damaged);
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

    private static ObjectNode toJson(AuditEntry entry) {
        ObjectNode node = JSON.createObjectNode();
        node.put("time", entry.time().toString());
        node.put("kind", entry.kind().name().toLowerCase(java.util.Locale.ROOT));
        node.put("user", entry.user());
        com.fasterxml.jackson.databind.node.ArrayNode argv = node.putArray("argv");
        entry.argv().forEach(argv::add);
        entry.exitCode().ifPresent(code -> node.put("exitCode", code));
        entry.duration().ifPresent(duration -> node.put("durationMillis", duration.toMillis()));
        entry.failure().ifPresent(failure -> node.put("failure", failure));
        return node;
    }

    private static AuditEntry fromJson(JsonNode node) {
        List<String> argv = new ArrayList<>();
        node.path("argv").forEach(arg -> argv.add(arg.asText()));
        return new AuditEntry(Instant.parse(node.path("time").asText()),
                ExecEvent.Kind.valueOf(node.path("kind").asText().toUpperCase(java.util.Locale.ROOT)),
                node.path("user").asText(), argv,
                node.has("exitCode") ? OptionalInt.of(node.get("exitCode").asInt()) : OptionalInt.empty(),
                node.has("durationMillis") ? Optional.of(Duration.ofMillis(node.get("durationMillis").asLong())) : Optional.empty(),
                node.has("failure") ? Optional.of(node.get("failure").asText()) : Optional.empty());
    }
}
