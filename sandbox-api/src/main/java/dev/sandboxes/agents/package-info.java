/**
 * Agents: their definitions (built-in, and from an {@link dev.sandboxes.agents.AgentProvider}
 * found by ServiceLoader), prompts and runs, their output events, the agent user, and where their
 * credentials live. Depends on {@code exec}, {@code templates}, {@code network} and {@code
 * errors}.
 *
 * <pre>{@code
 * AgentRun run = sandbox.agent().prompt(AgentPrompt.of("make the failing test pass"));
 * }</pre>
 */
package dev.sandboxes.agents;
