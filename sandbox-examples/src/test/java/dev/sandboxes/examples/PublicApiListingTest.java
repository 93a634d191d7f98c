package dev.sandboxes.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Member;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The public API of each published module, one line per public type and public or protected member
 * of the packages it exports to everyone, compared with its checked-in listing
 * ({@code sandbox-api/api/sandbox-api.txt}, ...): every change of the API is then a visible diff in
 * review. After a deliberate change, write the listings anew with
 * {@code ./mvnw verify -Dtest=PublicApiListingTest -Dsandboxes.api.update=true} and say the change in
 * CHANGELOG.md.
 */
class PublicApiListingTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"sandbox-api, dev.sandboxes.Sandboxes", "sandbox-docker, dev.sandboxes.docker.DockerRuntimeProvider",
            "sandbox-testkit, dev.sandboxes.testkit.InMemoryRuntime", "sandbox-mcp, dev.sandboxes.mcp.SandboxMcpServer"})
    void thePublicApiIsTheCheckedInListing(String module, String aClassOfIt) throws Exception {
        Path listing = Path.of("..", module, "api", module + ".txt");
        String built = String.join("\n", listing(Class.forName(aClassOfIt))) + "\n";
        if (Boolean.getBoolean("sandboxes.api.update")) {
            Files.createDirectories(listing.getParent());
            Files.writeString(listing, built);
        }
        assertTrue(Files.exists(listing), "the listing " + listing.toAbsolutePath() + " is checked in");

        assertEquals(Files.readString(listing), built, "The public API of " + module + " changed. If on purpose, write"
                + " the listing anew (-Dsandboxes.api.update=true) and say the change in CHANGELOG.md.");
    }

    /** Every public type (nested ones too) and public or protected member of the module's exported packages. */
    static List<String> listing(Class<?> aClassOfIt) throws Exception {
        Path location = Path.of(aClassOfIt.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor module = ModuleFinder.of(location).findAll().iterator().next().descriptor();
        // A module without a descriptor (sandbox-mcp: its dependencies are not modules yet) exports all.
        List<String> packages = module.isAutomatic() ? module.packages().stream().sorted().toList()
                : module.exports().stream().filter(export -> !export.isQualified())
                        .map(ModuleDescriptor.Exports::source).sorted().toList();
        if (Files.isDirectory(location)) {
            return listing(location, packages);
        }
        try (FileSystem jar = FileSystems.newFileSystem(URI.create("jar:" + location.toUri()), Map.of())) {
            return listing(jar.getPath("/"), packages);
        }
    }

    private static List<String> listing(Path root, List<String> packages) throws IOException, ClassNotFoundException {
        List<String> lines = new ArrayList<>();
        for (String pkg : packages) {
            try (Stream<Path> files = Files.list(root.resolve(pkg.replace('.', '/')))) {
                for (String name : files.map(file -> file.getFileName().toString().replace("/", ""))
                        .filter(file -> file.endsWith(".class") && !file.equals("package-info.class"))
                        .map(file -> pkg + "." + file.substring(0, file.length() - ".class".length())).sorted().toList()) {
                    Class<?> type = Class.forName(name, false, PublicApiListingTest.class.getClassLoader());
                    if (visible(type)) {
                        list(type, lines);
                    }
                }
            }
        }
        return lines;
    }

    private static void list(Class<?> type, List<String> lines) {
        lines.add(type.toGenericString());
        List<String> members = new ArrayList<>();
        Stream.of(type.getDeclaredFields(), type.getDeclaredConstructors(), type.getDeclaredMethods())
                .flatMap(Arrays::stream)
                .filter(member -> !((Member) member).isSynthetic() && exposed(((Member) member).getModifiers(), type))
                .map(member -> "    " + (member instanceof java.lang.reflect.Field field ? field.toGenericString()
                        : member instanceof java.lang.reflect.Method method ? method.toGenericString()
                        : ((java.lang.reflect.Constructor<?>) member).toGenericString()))
                .sorted().forEach(members::add);
        lines.addAll(members);
    }

    /** Public, and every type around it public: what code outside the module can name. */
    private static boolean visible(Class<?> type) {
        for (Class<?> around = type; around != null; around = around.getDeclaringClass()) {
            if (!Modifier.isPublic(around.getModifiers())) {
                return false;
            }
        }
        return !type.isSynthetic() && !type.isAnonymousClass();
    }

    /** Public, or protected in a class others may extend. */
    private static boolean exposed(int modifiers, Class<?> type) {
        return Modifier.isPublic(modifiers) || (Modifier.isProtected(modifiers) && !Modifier.isFinal(type.getModifiers()));
    }
}
