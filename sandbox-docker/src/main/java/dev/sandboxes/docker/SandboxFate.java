package dev.sandboxes.docker;

import dev.sandboxes.errors.RuntimeUnavailableException;

/**
 * What became of a sandbox while a command in it was ended by a signal that nobody here sent: the
 * sandbox's own end, or the command's business.
 */
sealed interface SandboxFate {

    /** It still runs, or the engine could not say otherwise: the signal was the command's own. */
    record Running() implements SandboxFate {
    }

    record Stopped() implements SandboxFate {
    }

    record Removed() implements SandboxFate {
    }

    /** The engine itself went, and took the command with it. */
    record EngineGone(RuntimeUnavailableException failure) implements SandboxFate {
    }
}
