package dev.sandboxes.agents;

/**
 * Receives an agent's headless output as it comes: every line of standard output, each JSON line
 * also as a parsed {@link AgentEvent}, and every line of standard error. Called on one thread per
 * run, in order; keep it quick. A listener that throws cancels the run.
 *
 * <pre>{@code
 * AgentListener printer = new AgentListener() {
 *     public void onLine(String line) { System.out.println(line); }
 * };
 * }</pre>
 */
public interface AgentListener {

    /** A listener that ignores everything. */
    AgentListener NONE = new AgentListener() { };

    /** A line of standard output, without its line break. */
    default void onLine(String line) {
    }

    /** A line of standard output that held one JSON object, parsed; told after {@link #onLine}. */
    default void onEvent(AgentEvent event) {
    }

    /** A line of standard error. */
    default void onErrorLine(String line) {
    }
}
