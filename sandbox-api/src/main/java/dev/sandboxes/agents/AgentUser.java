package dev.sandboxes.agents;

/**
 * The non-root user every command runs as, unless one asks for root.
 *
 * <pre>{@code
 * AgentUser agent = sandbox.info().agentUser();
 * if (!agent.sudo()) System.out.println("no sudo in this template");
 * }</pre>
 *
 * @param name the user name, {@value #NAME}
 * @param uid  its user id: the workspace owner's on a native Linux engine, so files it creates belong to the owner
 * @param gid  its primary group id
 * @param sudo whether it may use sudo without a password
 */
public record AgentUser(String name, int uid, int gid, boolean sudo) {

    /** The agent user's name in every sandbox. */
    public static final String NAME = "agent";
    /** Its home folder. */
    public static final String HOME = "/home/agent";
}
