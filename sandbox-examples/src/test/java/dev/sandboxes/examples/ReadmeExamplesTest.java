package dev.sandboxes.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Java example of README.md compiles against the modules as built: a block of statements as
 * the body of a method (given the {@code dir}, {@code repo} and {@code terminalOutput} the prose
 * speaks of), a block of classes as classes, each with the imports a user would write.
 */
class ReadmeExamplesTest {

    private static final Path README = Path.of("..", "README.md");
    private static final String IMPORTS = String.join("\n",
            "import dev.sandboxes.*;", "import dev.sandboxes.agents.*;", "import dev.sandboxes.core.*;",
            "import dev.sandboxes.errors.*;", "import dev.sandboxes.exec.*;", "import dev.sandboxes.git.*;",
            "import dev.sandboxes.network.*;", "import dev.sandboxes.mcp.*;", "import dev.sandboxes.spi.SandboxRuntime;", "import dev.sandboxes.templates.*;",
            "import dev.sandboxes.testkit.*;", "import dev.sandboxes.testkit.junit5.*;",
            "import java.nio.file.*;", "import java.time.*;", "import java.util.*;", "import org.junit.jupiter.api.Test;",
            "import static org.junit.jupiter.api.Assertions.*;", "import static dev.sandboxes.testkit.SandboxAssertions.*;");

    @TempDir
    Path work;

    static List<String> examples() throws Exception {
        List<String> blocks = new ArrayList<>();
        Matcher block = Pattern.compile("(?ms)^```java\\n(.*?)^```").matcher(Files.readString(README));
        while (block.find()) {
            blocks.add(block.group(1));
        }
        assertTrue(blocks.size() >= 7, "the README's Java examples were found: " + blocks.size());
        return blocks;
    }

    @ParameterizedTest(name = "README example {index}")
    @MethodSource("examples")
    void compiles(String example) throws Exception {
        boolean classes = Pattern.compile("^(@\\w+.*\\n)*class ", Pattern.MULTILINE).matcher(example).lookingAt();
        String source = "package readme;\n" + IMPORTS + "\nclass Example {\n"
                + (classes ? example : "void example(Path dir, Path repo, ExecListener terminalOutput) throws Exception {\n"
                + example + "\n}\n") + "}\n";
        Path file = Files.createDirectories(work.resolve("readme")).resolve("Example.java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();

        int exit = javac.run(null, errors, errors, "-d", work.resolve("classes").toString(),
                "-cp", System.getProperty("java.class.path"), file.toString());

        assertEquals(0, exit, "the README example compiles:\n" + example + "\n" + errors.toString(StandardCharsets.UTF_8));
    }
}
