package dev.sandboxes.internal;

import java.util.List;

/**
 * The names of the agents the library knows. Their definitions (commands, credentials, templates)
 * come with the agents work; until then a sandbox of any agent needs an explicit template.
 */
public final class BuiltInAgents {

    /** Sorted, for error messages. */
    public static final List<String> NAMES = List.of("claude", "codex", "gemini", "shell");

    private BuiltInAgents() {
    }
}
