package dev.sandboxes.testkit;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One command an {@link InMemoryRuntime} was asked to run, for assertions.
 *
 * <pre>{@code
 * assertEquals(List.of("npm", "test"), runtime.execs().get(0).argv());
 * }</pre>
 *
 * @param sandboxId        the sandbox it ran in
 * @param argv             the program and its arguments
 * @param env              the environment it added
 * @param workingDirectory where it ran
 * @param user             the user it ran as; empty for the agent
 * @param stdin            what it was given on standard input
 */
public record RecordedExec(String sandboxId, List<String> argv, Map<String, String> env, String workingDirectory,
                           Optional<String> user, byte[] stdin) {

    public String stdinText() {
        return new String(stdin, java.nio.charset.StandardCharsets.UTF_8);
    }
}
