package dev.sandboxes.mcp;

import dev.sandboxes.Sandbox;
import dev.sandboxes.core.FileEntry;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code file_read}, {@code file_write}, {@code file_edit}, {@code file_list}, {@code file_delete}. */
final class FileTools {

    /** What one file_read returns at most: a 2 GB file is read in pieces, never whole. */
    static final int DEFAULT_READ = 256 * 1024;
    static final int MAX_READ = 1024 * 1024;
    /** The largest file file_write and file_edit take (decoded). */
    static final int MAX_WRITE = 8 * 1024 * 1024;
    /** The most entries file_list returns. */
    static final int MAX_ENTRIES = 1000;

    private static final Map<String, Object> PATH_ARGUMENT =
            Schema.string("A path in the sandbox: absolute, or relative to the workspace.");

    private final SandboxAccess access;
    private final AgentFileAccess files;

    FileTools(SandboxAccess access) {
        this.access = access;
        this.files = new AgentFileAccess(access.policy().rootAllowed());
    }

    List<ToolSpec> tools() {
        return List.of(read(), write(), edit(), list(), delete());
    }

    private ToolSpec read() {
        Schema input = Schema.object()
                .required("sandbox", LifecycleTools.SANDBOX_ARGUMENT)
                .required("path", PATH_ARGUMENT)
                .optional("offset", Schema.integer("The byte to start at (0 by default).", 0, Long.MAX_VALUE))
                .optional("limit", Schema.integer("Read at most this many bytes; " + DEFAULT_READ + " by default, "
                        + MAX_READ + " at most. Read a large file in pieces, from next_offset.", 1, MAX_READ));
        Schema output = Schema.object()
                .required("path", Schema.string("The absolute path read."))
                .required("offset", Schema.integer("Where the content starts."))
                .required("bytes_read", Schema.integer("How many bytes the content holds."))
                .required("next_offset", Schema.integer("Where to go on reading."))
                .required("eof", Schema.bool("Whether the content reaches the end of the file."))
                .required("encoding", Schema.enumeration("utf-8 for text, base64 for anything else.", "utf-8", "base64"))
                .required("content", Schema.string("The bytes, as text or base64."));
        return new ToolSpec("file_read", "Read a file",
                "Reads a file of the sandbox, or a piece of it: text as UTF-8, anything else as base64. One call returns "
                        + "at most 'limit' bytes; 'eof' says whether there is more.",
                input.input(), output.output(), ToolSpec.readOnly("Read a file"), call -> {
                    Args args = call.args();
                    Sandbox sandbox = access.sandbox(args);
                    String path = SandboxPaths.resolve(sandbox, args.requiredString("path"));
                    long offset = args.integer("offset", 0, Long.MAX_VALUE).orElse(0L);
                    int limit = args.integer("limit", 1, MAX_READ).orElse((long) DEFAULT_READ).intValue();
                    byte[] bytes = files.read(sandbox, path, offset, limit + 1);
                    boolean eof = bytes.length <= limit;
                    int length = Math.min(bytes.length, limit);
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("path", path);
                    result.put("offset", offset);
                    String text = eof ? utf8(bytes, length) : utf8(bytes, completeCharacters(bytes, length));
                    if (text != null && !text.contains("\0")) {
                        length = text.getBytes(StandardCharsets.UTF_8).length;
                        result.put("encoding", "utf-8");
                        result.put("content", text);
                    } else {
                        result.put("encoding", "base64");
                        result.put("content", Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(bytes, length)));
                    }
                    result.put("bytes_read", length);
                    result.put("next_offset", offset + length);
                    result.put("eof", eof && length == Math.min(bytes.length, limit));
                    return result;
                });
    }

    private ToolSpec write() {
        Schema input = Schema.object()
                .required("sandbox", LifecycleTools.SANDBOX_ARGUMENT)
                .required("path", PATH_ARGUMENT)
                .required("content", Schema.string("The whole new content of the file."))
                .optional("encoding", Schema.enumeration("utf-8 (the default) or base64 for binary content.", "utf-8", "base64"));
        Schema output = Schema.object()
                .required("path", Schema.string("The absolute path written."))
                .required("bytes_written", Schema.integer("The file's new size."));
        return new ToolSpec("file_write", "Write a file",
                "Creates or replaces a file of the sandbox with the given content, creating its folders. At most "
                        + MAX_WRITE + " bytes. To change part of a file, use file_edit.",
                input.input(), output.output(), ToolSpec.destroys("Write a file", true), call -> {
                    Args args = call.args();
                    Sandbox sandbox = access.sandbox(args);
                    String path = SandboxPaths.resolve(sandbox, args.requiredString("path"));
                    byte[] content = decode(args.requiredString("content"), args.string("encoding").orElse("utf-8"));
                    files.write(sandbox, path, content);
                    return Map.of("path", path, "bytes_written", content.length);
                });
    }

    private ToolSpec edit() {
        Schema input = Schema.object()
                .required("sandbox", LifecycleTools.SANDBOX_ARGUMENT)
                .required("path", PATH_ARGUMENT)
                .required("old_string", Schema.string("The exact text to replace; it must appear exactly once (add the "
                        + "lines around it to make it unique)."))
                .required("new_string", Schema.string("The text to put in its place."));
        Schema output = Schema.object()
                .required("path", Schema.string("The absolute path edited."))
                .required("replacements", Schema.integer("How many places changed (always 1)."))
                .required("bytes_written", Schema.integer("The file's new size."));
        return new ToolSpec("file_edit", "Edit a file",
                "Replaces one exact piece of text in a UTF-8 file of the sandbox. Refused when the text is absent or "
                        + "appears more than once; the file is then unchanged.",
                input.input(), output.output(), ToolSpec.destroys("Edit a file", false), call -> {
                    Args args = call.args();
                    Sandbox sandbox = access.sandbox(args);
                    String path = SandboxPaths.resolve(sandbox, args.requiredString("path"));
                    String oldText = args.requiredString("old_string");
                    String newText = args.requiredString("new_string");
                    if (oldText.isEmpty()) {
                        throw new ToolException("'old_string' is empty: give the exact text to replace.");
                    }
                    byte[] bytes = files.read(sandbox, path, 0, MAX_WRITE + 1);
                    if (bytes.length > MAX_WRITE) {
                        throw new ToolException(path + " is larger than " + MAX_WRITE + " bytes: edit it with a command "
                                + "(sandbox_exec) instead.");
                    }
                    String text = utf8(bytes, bytes.length);
                    if (text == null) {
                        throw new ToolException(path + " is not UTF-8 text: file_edit changes text files only.");
                    }
                    int first = text.indexOf(oldText);
                    if (first < 0) {
                        throw new ToolException("'old_string' does not appear in " + path + ": read the file (file_read) "
                                + "and copy the text exactly, whitespace included.");
                    }
                    int count = occurrences(text, oldText);
                    if (count > 1) {
                        throw new ToolException("'old_string' appears " + count + " times in " + path + ": include more of "
                                + "the lines around it so that it appears once.");
                    }
                    String edited = text.substring(0, first) + newText + text.substring(first + oldText.length());
                    byte[] content = edited.getBytes(StandardCharsets.UTF_8);
                    if (content.length > MAX_WRITE) {
                        throw new ToolException("The edited file would be larger than " + MAX_WRITE + " bytes.");
                    }
                    files.write(sandbox, path, content);
                    return Map.of("path", path, "replacements", 1, "bytes_written", content.length);
                });
    }

    private ToolSpec list() {
        Schema entry = Schema.object()
                .required("name", Schema.string("The entry's name."))
                .required("type", Schema.enumeration("What it is.", "file", "folder", "link", "other"))
                .required("size", Schema.integer("Its size in bytes."))
                .required("mode", Schema.string("Its permissions, in octal."))
                .required("modified", Schema.string("When it last changed (ISO-8601)."))
                .optional("link_target", Schema.string("Where a link points."));
        Schema output = Schema.object()
                .required("path", Schema.string("The absolute path of the folder."))
                .required("entries", Schema.arrayOf("Its entries, by name.", entry.nested()))
                .required("truncated", Schema.bool("Whether entries beyond " + MAX_ENTRIES + " were left out."));
        return new ToolSpec("file_list", "List a folder",
                "Lists a folder of the sandbox (the workspace by default): names, types, sizes, modes and times. Links "
                        + "are described, not followed.",
                Schema.object().required("sandbox", LifecycleTools.SANDBOX_ARGUMENT)
                        .optional("path", Schema.string("The folder: absolute, or relative to the workspace (the "
                                + "workspace by default)."))
                        .input(),
                output.output(), ToolSpec.readOnly("List a folder"), call -> {
                    Args args = call.args();
                    Sandbox sandbox = access.sandbox(args);
                    String path = SandboxPaths.resolve(sandbox, args.string("path").orElse("."));
                    List<FileEntry> all = files.list(sandbox, path);
                    List<Map<String, Object>> entries = all.stream().limit(MAX_ENTRIES).map(FileTools::entry).toList();
                    return Map.of("path", path, "entries", entries, "truncated", all.size() > MAX_ENTRIES);
                });
    }

    private ToolSpec delete() {
        Schema output = Schema.object().required("deleted", Schema.string("The absolute path deleted."));
        return new ToolSpec("file_delete", "Delete a file or folder",
                "Deletes a file, a link (not what it points to), or a folder with everything in it. The workspace folder "
                        + "itself and / are refused.",
                Schema.object().required("sandbox", LifecycleTools.SANDBOX_ARGUMENT).required("path", PATH_ARGUMENT).input(),
                output.output(), ToolSpec.destroys("Delete a file or folder", true), call -> {
                    Args args = call.args();
                    Sandbox sandbox = access.sandbox(args);
                    String path = SandboxPaths.resolve(sandbox, args.requiredString("path"));
                    files.delete(sandbox, path);
                    return Map.of("deleted", path);
                });
    }

    private static Map<String, Object> entry(FileEntry file) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", file.name());
        entry.put("type", switch (file.type()) {
            case FILE -> "file";
            case FOLDER -> "folder";
            case SYMLINK -> "link";
            default -> "other";
        });
        entry.put("size", file.size());
        entry.put("mode", Integer.toOctalString(file.mode()));
        entry.put("modified", file.modified().toString());
        file.linkTarget().ifPresent(target -> entry.put("link_target", target));
        return entry;
    }

    private static byte[] decode(String content, String encoding) {
        byte[] bytes = switch (encoding) {
            case "utf-8" -> content.getBytes(StandardCharsets.UTF_8);
            case "base64" -> {
                try {
                    yield Base64.getDecoder().decode(content);
                } catch (IllegalArgumentException e) {
                    throw new ToolException("'content' is not valid base64: " + e.getMessage() + ".");
                }
            }
            default -> throw new ToolException("The encoding must be 'utf-8' or 'base64'; it was '" + encoding + "'.");
        };
        if (bytes.length > MAX_WRITE) {
            throw new ToolException("The content is " + bytes.length + " bytes; file_write takes at most " + MAX_WRITE
                    + ". Write large files with a command (sandbox_exec) instead.");
        }
        return bytes;
    }

    /** The text of the first {@code length} bytes, or null when they are not UTF-8. */
    private static String utf8(byte[] bytes, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** {@code length}, less the bytes of a character the cut split (up to three). */
    private static int completeCharacters(byte[] bytes, int length) {
        for (int back = 1; back <= 3 && back <= length; back++) {
            int b = bytes[length - back] & 0xFF;
            if ((b & 0xC0) != 0x80) {
                int size = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
                return size > back ? length - back : length;
            }
        }
        return length;
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
