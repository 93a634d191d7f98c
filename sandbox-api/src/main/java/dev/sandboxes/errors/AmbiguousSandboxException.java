package dev.sandboxes.errors;

import java.util.List;

/**
 * An id prefix matches more than one sandbox. The message lists the matches; give more characters
 * of the id, or the name.
 *
 * <pre>{@code
 * Sandboxes.attach("a");  // throws when two sandbox ids start with "a"
 * }</pre>
 */
public class AmbiguousSandboxException extends SandboxException {

    private final List<String> matches;

    public AmbiguousSandboxException(String reference, List<String> matches) {
        super("'" + reference + "' matches " + matches.size() + " sandboxes: " + String.join(", ", matches)
                + ". Give more characters of the id, or the name.");
        this.matches = List.copyOf(matches);
    }

    /** The ids and names of the sandboxes the reference matched. */
    public List<String> matches() {
        return matches;
    }
}
