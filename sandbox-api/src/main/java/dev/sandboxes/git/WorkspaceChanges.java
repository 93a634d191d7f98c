package dev.sandboxes.git;

import java.util.List;
import java.util.Objects;

/**
 * What an agent changed on its branch: the files, and the diff against the commit the branch started
 * from, committed work and work not yet committed alike (new files included).
 *
 * <pre>{@code
 * WorkspaceChanges changes = sandbox.changes();
 * changes.files().forEach(f -> System.out.println(f.change() + " " + f.path()));
 * System.out.print(changes.diff());
 * }</pre>
 *
 * @param baseCommit the commit compared against
 * @param files      the files that differ from it, by path
 * @param diff       a unified diff of them, as {@code git diff} prints it
 */
public record WorkspaceChanges(String baseCommit, List<ChangedFile> files, String diff) {

    public WorkspaceChanges {
        Objects.requireNonNull(baseCommit, "baseCommit");
        files = List.copyOf(files);
        Objects.requireNonNull(diff, "diff");
    }

    /** Whether nothing differs from the base commit. */
    public boolean isEmpty() {
        return files.isEmpty();
    }

    /**
     * One changed file.
     *
     * @param path   the path in the worktree, with {@code /} separators
     * @param change how it changed
     */
    public record ChangedFile(String path, Change change) {
        public ChangedFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(change, "change");
        }
    }

    /** How a file changed. */
    public enum Change {
        ADDED, MODIFIED, DELETED, RENAMED, TYPE_CHANGED;

        /** The letter {@code git diff --name-status} prints, as {@code sandbox diff --name-status} does. */
        public char letter() {
            return switch (this) {
                case ADDED -> 'A';
                case MODIFIED -> 'M';
                case DELETED -> 'D';
                case RENAMED -> 'R';
                case TYPE_CHANGED -> 'T';
            };
        }
    }
}
