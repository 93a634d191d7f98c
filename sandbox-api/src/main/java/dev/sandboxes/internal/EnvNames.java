package dev.sandboxes.internal;

import dev.sandboxes.InvalidSandboxConfigException;

/** Checks environment variables before they reach an engine, which would misread bad ones. */
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
