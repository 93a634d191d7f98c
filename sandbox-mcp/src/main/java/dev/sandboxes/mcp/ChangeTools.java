package dev.sandboxes.mcp;

import dev.sandboxes.Sandbox;
import dev.sandboxes.exec.AuditEntry;
import dev.sandboxes.git.WorkspaceChanges;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code sandbox_diff}, {@code sandbox_log}, {@code sandbox_save}. */
final class ChangeTools {

    /** The most of a diff one call returns. */
    static final int MAX_DIFF = 256 * 1024;
    private static final Pattern CHECKPOINT_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final SandboxAccess access;

    ChangeTools(SandboxAccess access) {
        this.access = access;
    }

    List<ToolSpec> tools() {
        return List.of(diff(), log(), save());
    }

    private ToolSpec diff() {
        Schema file = Schema.object()
                .required("path", Schema.string("The file, relative to the repository."))
                .required("change", Schema.string("added, modified, deleted, ..."));
        Schema output = Schema.object()
                .required("base_commit", Schema.string("The commit the branch started from."))
                .required("files", Schema.arrayOf("The files changed since then, committed or not.", file.nested()))
                .required("diff", Schema.string("The unified diff, up to " + MAX_DIFF + " characters."))
                .required("truncated", Schema.bool("Whether the diff was cut."));
        return new ToolSpec("sandbox_diff", "Show a branch's changes",
                "Shows what a sandbox opened on a branch changed since the branch's base: committed and uncommitted "
                        + "work in its worktree, as a file list and a unified diff.",
                Schema.object().required("sandbox", LifecycleTools.SANDBOX_ARGUMENT).input(), output.output(),
                ToolSpec.readOnly("Show a branch's changes"), call -> {
                    Sandbox sandbox = access.sandbox(call.args());
                    WorkspaceChanges changes = sandbox.changes();
                    String diff = changes.diff();
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("base_commit", changes.baseCommit());
                    result.put("files", changes.files().stream().map(changed -> Map.<String, Object>of(
                            "path", changed.path(), "change", changed.change().name().toLowerCase(java.util.Locale.ROOT))).toList());
                    result.put("diff", diff.length() > MAX_DIFF ? diff.substring(0, MAX_DIFF) : diff);
                    result.put("truncated", diff.length() > MAX_DIFF);
                    return result;
                });
    }

    private ToolSpec log() {
        Schema entry = Schema.object()
                .required("time", Schema.string("When it started (ISO-8601)."))
                .required("kind", Schema.string("command, agent or detached."))
                .required("user", Schema.string("Who ran it."))
                .required("argv", Schema.strings("The command."))
                .required("exit_code", Schema.nullableInteger("Its exit code, once it ended."))
                .required("duration_ms", Schema.nullableInteger("How long it ran, once it ended."))
                .required("failure", Schema.nullableString("Why it could not run, if it could not."));
        Schema output = Schema.object()
                .required("entries", Schema.arrayOf("The most recent commands, oldest first.", entry.nested()));
        return new ToolSpec("sandbox_log", "Show a sandbox's audit log",
                "Lists the commands run in a sandbox (by any client, the CLI or the library), oldest first.",
                Schema.object().required("sandbox", LifecycleTools.SANDBOX_ARGUMENT)
                        .optional("limit", Schema.integer("Only the last this many (100 by default).", 1, 10_000))
                        .input(),
                output.output(), ToolSpec.readOnly("Show a sandbox's audit log"), call -> {
                    Sandbox sandbox = access.sandbox(call.args());
                    int limit = call.args().integer("limit", 1, 10_000).orElse(100L).intValue();
                    List<AuditEntry> all = sandbox.auditLog();
                    List<Map<String, Object>> entries = all.subList(Math.max(0, all.size() - limit), all.size()).stream()
                            .map(ChangeTools::entry).toList();
                    return Map.of("entries", entries);
                });
    }

    private ToolSpec save() {
        Schema output = Schema.object()
                .required("image", Schema.string("The checkpoint's image: pass it as 'template' to sandbox_open."))
                .required("image_id", Schema.string("The image's id."));
        return new ToolSpec("sandbox_save", "Checkpoint a sandbox",
                "Saves a sandbox's files (not its workspace, which is the user's folder) as an image, a checkpoint that "
                        + "sandbox_open can start other sandboxes from with 'template'. Checkpoints live under "
                        + SandboxAccess.CHECKPOINTS + ":<name>; saving a name again replaces that checkpoint.",
                Schema.object().required("sandbox", LifecycleTools.SANDBOX_ARGUMENT)
                        .required("name", Schema.string("The checkpoint's name: lower-case letters, digits, '.', '_' "
                                + "and '-', up to 64."))
                        .input(),
                output.output(), ToolSpec.changes("Checkpoint a sandbox", true), call -> {
                    Sandbox sandbox = access.sandbox(call.args());
                    String name = call.args().requiredString("name");
                    if (!CHECKPOINT_NAME.matcher(name).matches()) {
                        throw new ToolException("The checkpoint name '" + name + "' is not allowed: use lower-case letters, "
                                + "digits, '.', '_' and '-', starting with a letter or digit, up to 64.");
                    }
                    String image = SandboxAccess.CHECKPOINTS + ":" + name;
                    return Map.of("image", image, "image_id", sandbox.save(image));
                });
    }

    static Map<String, Object> entry(AuditEntry audit) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("time", audit.time().toString());
        entry.put("kind", audit.kind().name().toLowerCase(java.util.Locale.ROOT));
        entry.put("user", audit.user());
        entry.put("argv", audit.argv());
        entry.put("exit_code", audit.exitCode().isPresent() ? audit.exitCode().getAsInt() : null);
        entry.put("duration_ms", audit.duration().map(java.time.Duration::toMillis).orElse(null));
        entry.put("failure", audit.failure().orElse(null));
        return entry;
    }
}
