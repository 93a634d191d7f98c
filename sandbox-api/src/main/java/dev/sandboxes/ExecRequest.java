package dev.sandboxes;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One command to run in a sandbox. No shell is added: give {@code "sh", "-c", "..."} for one.
 * Commands run as the agent user in the workspace folder unless asked otherwise.
 *
 * <pre>{@code
 * sandbox.exec(ExecRequest.of("apt-get", "install", "-y", "jq").asRoot());
 * sandbox.exec(ExecRequest.of("make").inDirectory("/work/project/sub"));
 * }</pre>
 *
 * @param argv             the program and its arguments
 * @param user             the user to run as; empty for the agent user
 * @param workingDirectory the folder to run in; empty for the workspace
 */
public record ExecRequest(List<String> argv, Optional<String> user, Optional<String> workingDirectory) {

    public ExecRequest {
        Objects.requireNonNull(argv, "argv");
        if (argv.isEmpty()) {
            throw new InvalidSandboxConfigException("exec() needs a command: give the program and its arguments,"
                    + " such as exec(\"ls\", \"-la\").");
        }
        for (int i = 0; i < argv.size(); i++) {
            Objects.requireNonNull(argv.get(i), "argv[" + i + "]");
        }
        argv = List.copyOf(argv);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
    }

    /** The command, as the agent user in the workspace. */
    public static ExecRequest of(String... argv) {
        Objects.requireNonNull(argv, "argv");
        for (int i = 0; i < argv.length; i++) {
            Objects.requireNonNull(argv[i], "argv[" + i + "]");
        }
        return new ExecRequest(List.of(argv), Optional.empty(), Optional.empty());
    }

    /** The same command as another user of the sandbox, by name. */
    public ExecRequest asUser(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new InvalidSandboxConfigException("The user name is blank: give a user of the sandbox, such as \"root\".");
        }
        return new ExecRequest(argv, Optional.of(name), workingDirectory);
    }

    /** The same command as root: for installing packages and the like, when asked for explicitly. */
    public ExecRequest asRoot() {
        return asUser("root");
    }

    /** The same command in another folder of the sandbox. */
    public ExecRequest inDirectory(String folder) {
        Objects.requireNonNull(folder, "folder");
        if (!folder.startsWith("/")) {
            throw new InvalidSandboxConfigException("The working directory '" + folder + "' is not absolute: give a path such as /tmp.");
        }
        return new ExecRequest(argv, user, Optional.of(folder));
    }
}
