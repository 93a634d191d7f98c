package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module descriptors in real use: a program of a module of its own
 * ({@code src/test/modulepath}) is compiled and run on the module path with the API, the Docker
 * runtime, the testkit and JUnit, as a user's modular application would be. It reads every built-in
 * template's Dockerfile (resources in packages a module does not open), opens a sandbox of the shell
 * agent on the runtime service binding found (its template built from the base Dockerfile when
 * missing), and runs a test of the testkit's extension, whose reaper must start as a module too.
 */
class ModulePathIT {

    /** Where the classes and resources of these are, as resources the test's class path has. */
    private static final List<String> ALSO_ON_THE_MODULE_PATH = List.of(
            "dev/sandboxes/docker/DockerSandboxRuntime.class",
            "dev/sandboxes/testkit/InMemoryRuntime.class",
            "org/junit/jupiter/api/Test.class",
            "org/junit/jupiter/engine/JupiterTestEngine.class",
            "org/junit/platform/engine/TestEngine.class",
            "org/junit/platform/commons/util/Preconditions.class",
            "org/junit/platform/launcher/core/LauncherFactory.class",
            "org/opentest4j/AssertionFailedError.class",
            "org/apiguardian/api/API.class");

    @TempDir
    Path work;

    @Test
    void aModularProgramReadsTheTemplatesOpensASandboxAndRunsTheExtensionWithItsReaper() throws Exception {
        List<Path> modulePath = modulePath();
        Path classes = compile(modulePath);
        Path workspace = Files.createDirectories(work.resolve("workspace")).toRealPath();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", join(modulePath) + File.pathSeparator + classes,
                "-m", "dev.sandboxes.modulecheck/dev.sandboxes.modulecheck.Main", workspace.toString());
        Path log = work.resolve("program.log");
        Process program = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();

        // A fresh engine builds the base template first: minutes, not seconds.
        boolean ended = program.waitFor(20, TimeUnit.MINUTES);
        if (!ended) {
            program.destroyForcibly();
        }
        String output = Files.readString(log);

        assertTrue(ended, "the program ended: " + output);
        assertEquals(0, program.exitValue(), output);
        assertTrue(output.contains("module dev.sandboxes.modulecheck api dev.sandboxes.api"), output);
        for (String template : List.of("base", "claude", "gemini", "codex", "egress-proxy")) {
            assertTrue(Pattern.compile("(?m)^dockerfile " + template + " [1-9][0-9]+$").matcher(output).find(),
                    "the " + template + " Dockerfile was read: " + output);
        }
        assertTrue(output.contains("sandbox builtin:base opened on the module path"), output);
        assertTrue(output.contains("extension tests 1 passed, 0 failed, 0 skipped"), output);
    }

    private Path compile(List<Path> modulePath) throws IOException {
        Path sources = Path.of("src", "test", "modulepath");
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "--module-path", join(modulePath)));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> arguments.add(file.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int exit = javac.run(null, errors, errors, arguments.toArray(String[]::new));
        assertEquals(0, exit, "the program compiles on the module path: " + errors.toString(StandardCharsets.UTF_8));
        return classes;
    }

    /** The Docker runtime's runtime dependencies (written by the build), then the modules above. */
    private static List<Path> modulePath() throws IOException, URISyntaxException {
        Set<Path> entries = new LinkedHashSet<>();
        String runtime = Files.readString(Path.of("target", "runtime-classpath.txt")).strip();
        for (String entry : runtime.split(Pattern.quote(File.pathSeparator))) {
            entries.add(Path.of(entry));
        }
        for (String resource : ALSO_ON_THE_MODULE_PATH) {
            entries.add(rootOf(resource));
        }
        return new ArrayList<>(entries);
    }

    /** The jar or folder a resource of the class path comes from. */
    private static Path rootOf(String resource) throws URISyntaxException {
        URL url = ModulePathIT.class.getClassLoader().getResource(resource);
        assertTrue(url != null, resource + " is on the test's class path");
        String location = url.toString();
        if (location.startsWith("jar:")) {
            return Path.of(new java.net.URI(location.substring("jar:".length(), location.indexOf("!/"))));
        }
        Path file = Path.of(url.toURI());
        for (int i = 0; i < resource.split("/").length; i++) {
            file = file.getParent();
        }
        return file;
    }

    private static String join(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
