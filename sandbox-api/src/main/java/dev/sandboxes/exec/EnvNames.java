package dev.sandboxes.exec;

import dev.sandboxes.errors.InvalidSandboxConfigException;

/**
 * The rules every environment variable given to a sandbox or a command follows, checked before it
 * reaches an engine, which would misread bad ones. Public so that tools that take variables from
 * their users (a CLI, an MCP server) refuse them with the same words.
 *
 * <pre>{@code
 * EnvNames.check("APP_ENV", "dev");        // fine
 * EnvNames.check("A=B", "x");              // InvalidSandboxConfigException: pass the name and the value separately
 * }</pre>
 */
public final class EnvNames {

    private EnvNames() {
    }

    /**
     * @throws InvalidSandboxConfigException when the name is empty or holds '=', ',' or NUL, or the value holds NUL
     */
    public static void check(String name, String value) {
        if (name.isEmpty()) {
            throw new InvalidSandboxConfigException("An environment variable name is empty: give a name such as APP_ENV.");
        }
        if (name.indexOf('=') >= 0) {
            throw new InvalidSandboxConfigException("The environment variable name '" + name
                    + "' holds '=': pass the name and the value separately, as env(\"NAME\", \"value\").");
        }
        if (name.indexOf(',') >= 0) {
            throw new InvalidSandboxConfigException("The environment variable name '" + name
                    + "' holds ',': use letters, digits and '_', such as APP_ENV.");
        }
        if (name.indexOf('\0') >= 0) {
            throw new InvalidSandboxConfigException("The environment variable name '" + name.replace('\0', '?')
                    + "' holds a NUL character, which no process environment can carry.");
        }
        if (value.indexOf('\0') >= 0) {
            throw new InvalidSandboxConfigException("The value of environment variable " + name
                    + " holds a NUL character, which no process environment can carry.");
        }
    }
}
