package dev.sandboxes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of {@code sandbox-api} (see {@code dev/sandboxes/package-info.java}), checked on the
 * compiled classes with the JDK's {@code jdeps}: dependencies run one way, between packages and
 * between files (a nested class counts as its file's).
 */
class LayeringTest {

    private static final String ROOT = "dev.sandboxes";
    /** Each value package and the value packages it may use. */
    private static final Map<String, Set<String>> VALUE_PACKAGES = Map.of(
            "errors", Set.of(),
            "exec", Set.of("errors"),
            "templates", Set.of("errors"),
            "network", Set.of("errors"),
            "git", Set.of("errors"),
            "agents", Set.of("errors", "exec", "templates", "network"),
            "core", Set.of("errors", "exec", "templates", "network", "git", "agents"));

    /** Top-level class to the top-level classes of ours it uses. */
    private static Map<String, Set<String>> classes;

    @BeforeAll
    static void readTheCompiledClasses() throws Exception {
        Path compiled = Path.of("target", "classes");
        assertTrue(Files.isDirectory(compiled.resolve("dev/sandboxes")), "compiled classes at " + compiled.toAbsolutePath());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        // The classes are a module (module-info.class): jdeps resolves what it requires.
        String slf4j = Path.of(org.slf4j.Logger.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(out), "--multi-release", "17", "--module-path", slf4j, "-verbose:class", "-filter:none",
                compiled.toString());
        assertEquals(0, exit, out.toString());
        classes = new TreeMap<>();
        Matcher edge = Pattern.compile("^\\s+(dev\\.sandboxes\\.\\S+)\\s+->\\s+(dev\\.sandboxes\\.\\S+)", Pattern.MULTILINE)
                .matcher(out.toString());
        while (edge.find()) {
            String from = topLevel(edge.group(1));
            String to = topLevel(edge.group(2));
            classes.computeIfAbsent(from, key -> new TreeSet<>());
            if (!from.equals(to)) {
                classes.get(from).add(to);
            }
        }
        assertTrue(classes.size() > 50, "jdeps found the classes: " + classes.size());
    }

    @Test
    void noTwoPackagesDependOnEachOther() {
        Map<String, Set<String>> packages = new TreeMap<>();
        classes.forEach((from, uses) -> uses.forEach(to -> {
            packages.computeIfAbsent(packageOf(from), key -> new TreeSet<>());
            if (!packageOf(from).equals(packageOf(to))) {
                packages.get(packageOf(from)).add(packageOf(to));
            }
        }));

        assertEquals(List.of(), cycles(packages), "packages that depend on each other");
    }

    @Test
    void noTwoFilesDependOnEachOther() {
        assertEquals(List.of(), cycles(classes), "files that depend on each other");
    }

    @Test
    void valuePackagesUseOnlyTheValuePackagesBelowThem() {
        List<String> wrong = new ArrayList<>();
        classes.forEach((from, uses) -> {
            String layer = packageOf(from).equals(ROOT) ? "" : packageOf(from).substring(ROOT.length() + 1);
            Set<String> allowed = VALUE_PACKAGES.get(layer);
            if (allowed != null) {
                uses.stream().filter(to -> !packageOf(to).equals(packageOf(from)))
                        .filter(to -> !allowed.contains(packageOf(to).substring(ROOT.length() + 1)))
                        .forEach(to -> wrong.add(from + " -> " + to));
            }
        });

        assertEquals(List.of(), wrong);
    }

    @Test
    void theSpiUsesOnlyValueTypesAndInternalNeverTheApi() {
        List<String> wrong = new ArrayList<>();
        classes.forEach((from, uses) -> uses.forEach(to -> {
            boolean spiReachesUp = packageOf(from).equals(ROOT + ".spi")
                    && (packageOf(to).equals(ROOT) || packageOf(to).equals(ROOT + ".internal"));
            boolean internalReachesUp = packageOf(from).equals(ROOT + ".internal") && packageOf(to).equals(ROOT);
            if (spiReachesUp || internalReachesUp) {
                wrong.add(from + " -> " + to);
            }
        }));

        assertEquals(List.of(), wrong);
    }

    private static String topLevel(String className) {
        int nested = className.indexOf('$');
        return nested < 0 ? className : className.substring(0, nested);
    }

    private static String packageOf(String className) {
        return className.substring(0, className.lastIndexOf('.'));
    }

    /** The strongly connected parts of more than one node (Tarjan's algorithm), each sorted. */
    private static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> found = new ArrayList<>();
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, onStack, found);
            }
        }
        return found;
    }

    private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> found) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, onStack, found);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> part = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                part.add(member);
            } while (!member.equals(node));
            if (part.size() > 1) {
                found.add(part);
            }
        }
    }
}
