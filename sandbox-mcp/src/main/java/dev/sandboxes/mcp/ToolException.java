package dev.sandboxes.mcp;

/**
 * A tool call that cannot go on, with a message written for the model that called it: what was
 * wrong and what to do instead. It becomes an error result ({@code isError}), never a protocol error.
 */
final class ToolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ToolException(String message) {
        super(message, null, false, false);
    }
}
