package dev.sandboxes.git;

import dev.sandboxes.errors.InvalidSandboxConfigException;
import java.util.Objects;

/**
 * The name and email that commits made in a sandbox carry. By default the host's, as {@code git
 * config} resolves them for the workspace (repository config, then global); looked up once, when the
 * sandbox is created.
 *
 * <pre>{@code
 * Sandboxes.forWorkspace(dir).template("node:22").gitIdentity("Ada Lovelace", "ada@example.com").open();
 * }</pre>
 *
 * @param name  {@code user.name}
 * @param email {@code user.email}
 */
public record GitIdentity(String name, String email) {

    public GitIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
        if (name.isBlank() || name.indexOf('\n') >= 0 || name.indexOf('\0') >= 0) {
            throw new InvalidSandboxConfigException("The git user name '" + name.strip()
                    + "' is blank or holds a line break: give one line, such as \"Ada Lovelace\".");
        }
        if (email.isBlank() || email.indexOf('\n') >= 0 || email.indexOf('\0') >= 0) {
            throw new InvalidSandboxConfigException("The git email '" + email.strip()
                    + "' is blank or holds a line break: give one line, such as \"ada@example.com\".");
        }
    }
}
