package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sandboxes.core.FileEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the listing script's NUL-separated records become entries. */
class FileCommandsTest {

    @Test
    void recordsBecomeEntriesSortedByNameWithTypesModesOwnersAndLinkTargets() {
        String records = "41ed 4096 1000 1000 1764770000\0src\0\0"
                + "81a4 12 0 0 1764770001\0line\nbreak -n\0\0"
                + "a1ff 11 1000 1000 1764770002\0link\0/etc/hosts\0"
                + "11b6 0 0 0 1764770003\0fifo\0\0"
                + "89e4 3 0 50 1764770004\0setuid\0\0";

        List<FileEntry> entries = FileCommands.parse("/work", records.getBytes(StandardCharsets.UTF_8));

        assertEquals(List.of(
                new FileEntry("fifo", "/work/fifo", FileEntry.Type.OTHER, 0, 0666, 0, 0, Instant.ofEpochSecond(1764770003), Optional.empty()),
                new FileEntry("line\nbreak -n", "/work/line\nbreak -n", FileEntry.Type.FILE, 12, 0644, 0, 0,
                        Instant.ofEpochSecond(1764770001), Optional.empty()),
                new FileEntry("link", "/work/link", FileEntry.Type.SYMLINK, 11, 0777, 1000, 1000, Instant.ofEpochSecond(1764770002),
                        Optional.of("/etc/hosts")),
                new FileEntry("setuid", "/work/setuid", FileEntry.Type.FILE, 3, 04744, 0, 50, Instant.ofEpochSecond(1764770004),
                        Optional.empty()),
                new FileEntry("src", "/work/src", FileEntry.Type.FOLDER, 4096, 0755, 1000, 1000, Instant.ofEpochSecond(1764770000),
                        Optional.empty())), entries);
    }

    @Test
    void anEmptyFolderAndTheRootListAsSuch() {
        assertEquals(List.of(), FileCommands.parse("/empty", new byte[0]));
        assertEquals("/etc", FileCommands.parse("/", "41ed 0 0 0 0\0etc\0\0".getBytes(StandardCharsets.UTF_8)).get(0).path());
    }
}
