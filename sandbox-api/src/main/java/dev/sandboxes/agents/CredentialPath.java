package dev.sandboxes.agents;

import dev.sandboxes.errors.InvalidSandboxConfigException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A file or folder in the agent user's home where an agent keeps its login and settings, such as
 * {@code ~/.claude} and {@code ~/.claude.json}. With {@link CredentialMode#SANDBOX} each is a link
 * into the agent's credentials volume.
 *
 * <pre>{@code
 * CredentialPath settings = CredentialPath.folder(".claude");
 * CredentialPath login = CredentialPath.file(".claude.json");
 * }</pre>
 *
 * @param name   its name in the home folder: one path element, such as {@code .claude}
 * @param folder whether it is a folder (made in the volume up front) or a file (made by the agent)
 */
public record CredentialPath(String name, boolean folder) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    public CredentialPath {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new InvalidSandboxConfigException("'" + name + "' is not a name in the home folder: give one path"
                    + " element such as \".claude\".");
        }
    }

    public static CredentialPath folder(String name) {
        return new CredentialPath(name, true);
    }

    public static CredentialPath file(String name) {
        return new CredentialPath(name, false);
    }
}
