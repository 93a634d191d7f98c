package dev.sandboxes;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandboxes.agents.AgentDefinition;
import dev.sandboxes.core.Mount;
import dev.sandboxes.core.SandboxLabels;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.errors.InvalidWorkspaceException;
import dev.sandboxes.network.NetworkPolicy;
import dev.sandboxes.network.PublishedPort;
import dev.sandboxes.spi.SandboxSpec;
import dev.sandboxes.templates.Template;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The builder's argument checks and what {@code freeze()} turns the settings into. Nothing here
 * touches a runtime: {@code freeze()} is the last step before one is called.
 *
 * <p>{@code freeze()} guards against the real home ({@code user.home}); every folder used here is
 * under the JUnit temporary folder in /tmp, never inside the home.
 */
class SandboxBuilderTest {

    @TempDir
    Path tmp;

    /** A workspace with upper-case letters, to see the default name lower-cases them. */
    private Path workspace;

    @BeforeEach
    void createWorkspace() throws IOException {
        workspace = Files.createDirectories(tmp.resolve("MyProject"));
    }

    private SandboxBuilder builder() {
        return Sandboxes.forWorkspace(workspace);
    }

    // ---------------------------------------------------------------- env

    /** Bad env entries, with a fragment the message must hold so that the caller knows what is wrong. */
    static Stream<Arguments> badEnvEntries() {
        return Stream.of(
                Arguments.of(Named.of("empty name", ""), "dev", "is empty"),
                Arguments.of(Named.of("name holding '='", "APP=ENV"), "dev", "holds '='"),
                // ',' separates the pairs of the env digest label.
                Arguments.of(Named.of("name holding ','", "APP,ENV"), "dev", "holds ','"),
                Arguments.of(Named.of("name holding NUL", "APP\0ENV"), "dev", "NUL"),
                Arguments.of(Named.of("value holding NUL", "APP_ENV"), "d\0ev", "NUL"));
    }

    @ParameterizedTest(name = "env(name, value) with {0} is refused")
    @MethodSource("badEnvEntries")
    void envWithBadNameOrValueIsRefusedSayingWhatIsWrong(String name, String value, String expectedFragment) {
        InvalidSandboxConfigException e = assertThrows(InvalidSandboxConfigException.class,
                () -> builder().env(name, value));
        assertTrue(e.getMessage().contains(expectedFragment), e::getMessage);
    }

    @ParameterizedTest(name = "env(Map) with {0} is refused")
    @MethodSource("badEnvEntries")
    void envMapWithBadNameOrValueIsRefusedSayingWhatIsWrong(String name, String value, String expectedFragment) {
        InvalidSandboxConfigException e = assertThrows(InvalidSandboxConfigException.class,
                () -> builder().env(Map.of(name, value)));
        assertTrue(e.getMessage().contains(expectedFragment), e::getMessage);
    }

    @Test
    void envValueHoldingNulIsRefusedWithoutShowingTheValue() {
        // Values may be secrets: the message names the variable, never its value.
        InvalidSandboxConfigException e = assertThrows(InvalidSandboxConfigException.class,
                () -> builder().env("DB_PASSWORD", "hunter2\0tail"));
        assertTrue(e.getMessage().contains("DB_PASSWORD"), e::getMessage);
        assertTrue(!e.getMessage().contains("hunter2"), e::getMessage);
    }

    @Test
    void envMapWithOneBadEntryAddsNoneOfItsEntries() {
        // Checked before anything is added, so a refused map leaves the builder as it was.
        SandboxBuilder builder = builder().env("KEPT", "1");
        Map<String, String> mixed = new LinkedHashMap<>();
        mixed.put("GOOD", "2");
        mixed.put("BAD=NAME", "3");

        assertThrows(InvalidSandboxConfigException.class, () -> builder.env(mixed));

        assertEquals(Optional.of(Map.of("KEPT", "1")), builder.freeze().env());
    }

    @Test
    void envMapWithNullNameOrValueSaysWhichIsMissing() {
        Map<String, String> nullName = new HashMap<>();
        nullName.put(null, "x");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("APP_ENV", null);

        assertEquals("variable name",
                assertThrows(NullPointerException.class, () -> builder().env(nullName)).getMessage());
        assertEquals("value of APP_ENV",
                assertThrows(NullPointerException.class, () -> builder().env(nullValue)).getMessage());
    }

    // ---------------------------------------------------------------- labels

    /** Label keys the builder refuses, and a fragment the message must hold. */
    static Stream<Arguments> badLabelKeys() {
        return Stream.of(
                Arguments.of(Named.of("an empty key", ""), "blank"),
                Arguments.of(Named.of("a blank key", "  "), "blank"),
                Arguments.of(Named.of("a key holding '='", "team=search"), "holds '='"),
                Arguments.of(Named.of("the library's marker", SandboxLabels.MARKER), "reserved"),
                Arguments.of(Named.of("a library label", SandboxLabels.WORKSPACE), "reserved"),
                Arguments.of(Named.of("any key under dev.sandboxes.", "dev.sandboxes.mine"), "dev.sandboxes."));
    }

    @ParameterizedTest(name = "label() with {0} is refused")
    @MethodSource("badLabelKeys")
    void labelWithABadKeyIsRefusedSayingWhatIsWrong(String key, String expectedFragment) {
        InvalidSandboxConfigException e = assertThrows(InvalidSandboxConfigException.class,
                () -> builder().label(key, "value"));
        assertTrue(e.getMessage().contains(expectedFragment), e::getMessage);
    }

    @Test
    void keysThatOnlyLookLikeTheLibrarysAreAccepted() {
        assertEquals(Map.of("dev.sandboxesx", "1", "com.dev.sandboxes.team", "2"),
                builder().label("dev.sandboxesx", "1").label("com.dev.sandboxes.team", "2").freeze().labels());
    }

    @Test
    void labelsAreFrozenSortedAndTheLastValueOfAKeyWins() {
        SandboxSpec spec = builder().label("zed", "1").label("alpha", "2").label("zed", "3").label("empty", "").freeze();

        assertEquals(List.of("alpha", "empty", "zed"), List.copyOf(spec.labels().keySet()));
        assertEquals("3", spec.labels().get("zed"));
        assertEquals("", spec.labels().get("empty"));
    }

    @Test
    void withoutLabelsTheSpecHasNone() {
        assertEquals(Map.of(), builder().freeze().labels());
    }

    // ---------------------------------------------------------------- agent, name, timeout, template

    @Test
    void withoutNetworkPortsAreRefusedAndADockerSocketOnlyWhenInsistedOn() {
        InvalidSandboxConfigException ports = assertThrows(InvalidSandboxConfigException.class,
                () -> builder().network(NetworkPolicy.none()).publish(8080).freeze());
        assertTrue(ports.getMessage().contains("cannot publish ports"), ports::getMessage);
        InvalidSandboxConfigException socket = assertThrows(InvalidSandboxConfigException.class,
                () -> builder().network(NetworkPolicy.none()).mountDockerSocket().freeze());
        assertTrue(socket.getMessage().contains("bypasses the network policy"), socket::getMessage);
        assertEquals(Optional.of(NetworkPolicy.none().evenWithDockerSocket()), builder()
                .network(NetworkPolicy.none().evenWithDockerSocket()).mountDockerSocket().freeze().network());
        assertEquals(Optional.of(8080), builder().network(NetworkPolicy.open()).publish(8080).freeze().ports()
                .map(list -> list.get(0).sandboxPort()));
    }

    @Test
    void unknownAgentIsRefusedListingTheKnownAgents() {
        InvalidSandboxConfigException e = assertThrows(InvalidSandboxConfigException.class,
                () -> builder().agent("copilot"));
        assertTrue(e.getMessage().contains("'copilot'"), e::getMessage);
        assertTrue(e.getMessage().contains("claude, codex, gemini, provided-echo, shell"), e::getMessage);
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude", "codex", "gemini", "shell"})
    void knownAgentIsAcceptedAndFrozen(String agent) {
        assertEquals(Optional.of(agent), builder().agent(agent).freeze().agent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "-leading-dash", ".leading-dot", "has space", "slash/inside", "colon:inside", "ünicode"})
    void invalidNameIsRefused(String name) {
        InvalidSandboxConfigException e = assertThrows(InvalidSandboxConfigException.class,
                () -> builder().name(name));
        assertTrue(e.getMessage().contains("is not valid"), e::getMessage);
    }

    @Test
    void nameLongerThan128CharactersIsRefused() {
        String tooLong = "a".repeat(129);
        assertThrows(InvalidSandboxConfigException.class, () -> builder().name(tooLong));
    }

    @Test
    void validNameReplacesTheDefaultName() {
        assertEquals("my-sandbox_1.0", builder().name("my-sandbox_1.0").freeze().name());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, -60_000})
    void zeroOrNegativeOpenTimeoutIsRefused(long millis) {
        InvalidSandboxConfigException e = assertThrows(InvalidSandboxConfigException.class,
                () -> builder().openTimeout(Duration.ofMillis(millis)));
        assertTrue(e.getMessage().contains("must be positive"), e::getMessage);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1})
    void zeroOrNegativeIdleStopIsRefused(long millis) {
        InvalidSandboxConfigException e = assertThrows(InvalidSandboxConfigException.class,
                () -> builder().idleStop(Duration.ofMillis(millis)));
        assertTrue(e.getMessage().contains("must be positive"), e::getMessage);
    }

    @Test
    void positiveOpenTimeoutIsAccepted() {
        SandboxBuilder builder = builder();
        assertSame(builder, builder.openTimeout(Duration.ofMillis(1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n"})
    void blankTemplateIsRefused(String image) {
        InvalidSandboxConfigException e = assertThrows(InvalidSandboxConfigException.class,
                () -> builder().template(image));
        assertTrue(e.getMessage().contains("blank"), e::getMessage);
    }

    @Test
    void templateIsStrippedOfSurroundingWhitespace() {
        assertEquals(Optional.of(Template.image("node:22")), builder().template("  node:22 ").freeze().template());
    }

    // ---------------------------------------------------------------- nulls

    /** Every builder method with a null argument, and the parameter name the exception must carry. */
    static Stream<Arguments> nullArguments() {
        return Stream.of(
                nullCase("agent(null)", "agent", b -> b.agent((String) null)),
                nullCase("agent(definition null)", "agent", b -> b.agent((AgentDefinition) null)),
                nullCase("template(null)", "image", b -> b.template((String) null)),
                nullCase("template(template null)", "template", b -> b.template((Template) null)),
                nullCase("credentials(null)", "mode", b -> b.credentials(null)),
                nullCase("apiKey(null, value)", "variable", b -> b.apiKey(null, "v")),
                nullCase("templateSettings(null)", "settings", b -> b.templateSettings(null)),
                nullCase("env(null, value)", "name", b -> b.env(null, "v")),
                nullCase("env(name, null)", "value", b -> b.env("N", null)),
                nullCase("env((Map) null)", "variables", b -> b.env((Map<String, String>) null)),
                nullCase("label(null, value)", "key", b -> b.label(null, "v")),
                nullCase("label(key, null)", "value", b -> b.label("k", null)),
                nullCase("mount(null, ...)", "hostPath", b -> b.mount(null, "/data", false)),
                nullCase("mount(path, null, ...)", "sandboxPath", b -> b.mount(Path.of("/data"), null, false)),
                nullCase("name(null)", "name", b -> b.name(null)),
                nullCase("openTimeout(null)", "timeout", b -> b.openTimeout(null)),
                nullCase("idleStop(null)", "idle", b -> b.idleStop(null)),
                nullCase("runtime(null)", "runtime", b -> b.runtime(null)),
                nullCase("listener(null)", "listener", b -> b.listener(null)));
    }

    private static Arguments nullCase(String call, String parameter, Consumer<SandboxBuilder> action) {
        return Arguments.of(Named.of(call, action), parameter);
    }

    @ParameterizedTest(name = "{0} names its parameter")
    @MethodSource("nullArguments")
    void nullArgumentIsRefusedNamingTheParameter(Consumer<SandboxBuilder> action, String parameter) {
        SandboxBuilder builder = builder();
        NullPointerException e = assertThrows(NullPointerException.class, () -> action.accept(builder));
        assertEquals(parameter, e.getMessage());
    }

    @Test
    void forWorkspaceOfNullIsRefusedNamingTheParameter() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Sandboxes.forWorkspace(null));
        assertEquals("workspace", e.getMessage());
    }

    // ---------------------------------------------------------------- freeze(): workspace and name

    @Test
    void freezeResolvesASymlinkedWorkspaceToItsRealPath() throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("link-to-project"), workspace);

        SandboxSpec spec = Sandboxes.forWorkspace(link).freeze();

        assertEquals(workspace.toRealPath(), spec.workspace());
        assertNotEquals(link, spec.workspace());
    }

    @Test
    void freezeRecordsTheWorkspaceInode() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("unix"),
                "the platform has no unix:ino attribute");
        String expected = String.valueOf(Files.getAttribute(workspace.toRealPath(), "unix:ino"));

        assertEquals(Optional.of(expected), builder().freeze().workspaceInode());
    }

    @Test
    void defaultNameIsDeterministicForTheSamePath() throws IOException {
        // Concurrent processes must derive the same name, so that the engine lets exactly one create it.
        Path link = Files.createSymbolicLink(tmp.resolve("another-way-in"), workspace);

        String first = builder().freeze().name();
        assertEquals(first, builder().freeze().name());
        assertEquals(first, Sandboxes.forWorkspace(link).freeze().name(), "a symlink names the same sandbox");
    }

    @Test
    void defaultNameDiffersForFoldersOfTheSameNameAtDifferentPaths() throws IOException {
        Path elsewhere = Files.createDirectories(tmp.resolve("other").resolve(workspace.getFileName()));

        assertNotEquals(builder().freeze().name(), Sandboxes.forWorkspace(elsewhere).freeze().name());
    }

    @Test
    void defaultNameStartsWithSandboxAndTheLowerCasedFolderName() {
        String expectedStart = "sandbox-" + workspace.getFileName().toString().toLowerCase(Locale.ROOT) + "-";

        String name = builder().freeze().name();

        assertTrue(name.startsWith(expectedStart), name);
        assertTrue(name.length() > expectedStart.length(), "a path hash follows the folder name: " + name);
    }

    @Test
    void freezeRefusesAMissingWorkspace() {
        Path missing = tmp.resolve("missing");
        InvalidWorkspaceException e = assertThrows(InvalidWorkspaceException.class,
                () -> Sandboxes.forWorkspace(missing).freeze());
        assertEquals(missing, e.path());
    }

    // ---------------------------------------------------------------- freeze(): settings

    @Test
    void unsetSettingsAreEmptySoThatAReopenAcceptsWhatExists() {
        SandboxSpec spec = builder().freeze();

        assertAll(
                () -> assertEquals(Optional.empty(), spec.agent(), "agent"),
                () -> assertEquals(Optional.empty(), spec.template(), "template"),
                () -> assertEquals(Optional.empty(), spec.env(), "env"),
                () -> assertEquals(Optional.empty(), spec.mounts(), "mounts"),
                () -> assertEquals(Optional.empty(), spec.dockerSocket(), "dockerSocket"),
                () -> assertEquals(false, spec.recreate(), "recreate"));
    }

    @Test
    void setSettingsArePresentInTheSpec() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));

        SandboxSpec spec = builder()
                .agent("claude")
                .template("node:22")
                .env("ZED", "z")
                .env("APP_ENV", "dev")
                .mount(data, "/data", true)
                .mountDockerSocket()
                .recreate()
                .freeze();

        assertAll(
                () -> assertEquals(Optional.of("claude"), spec.agent()),
                () -> assertEquals(Optional.of(Template.image("node:22")), spec.template()),
                () -> assertEquals(Optional.of(Map.of("APP_ENV", "dev", "ZED", "z")), spec.env()),
                () -> assertEquals(List.of("APP_ENV", "ZED"), List.copyOf(spec.env().orElseThrow().keySet()),
                        "env is sorted by name"),
                () -> assertEquals(Optional.of(List.of(new Mount(data.toRealPath(), "/data", true))), spec.mounts()),
                () -> assertEquals(Optional.of(true), spec.dockerSocket()),
                () -> assertTrue(spec.recreate()));
    }

    @Test
    void emptyEnvMapIsPresentButEmpty() {
        // "No variables at all" is a setting of its own, unlike "env not mentioned".
        assertEquals(Optional.of(Map.of()), builder().env(Map.of()).freeze().env());
    }

    @Test
    void mountHostPathsBecomeRealPaths() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("real-data"));
        Path link = Files.createSymbolicLink(tmp.resolve("data-link"), data);

        SandboxSpec spec = builder().mount(link, "/data", false).freeze();

        assertEquals(List.of(new Mount(data.toRealPath(), "/data", false)), spec.mountsOrEmpty());
    }

    @Test
    void mountSandboxPathsAreNormalized() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));

        SandboxSpec spec = builder().mount(data, "/srv/./fixtures/../data/", true).freeze();

        assertEquals("/srv/data", spec.mountsOrEmpty().get(0).sandboxPath());
    }

    @Test
    void twoMountsAtTheSameSandboxPathAreRefused() throws IOException {
        Path first = Files.createDirectories(tmp.resolve("first"));
        Path second = Files.createDirectories(tmp.resolve("second"));
        // Spelled differently, the same folder once normalized.
        SandboxBuilder builder = builder().mount(first, "/data", false).mount(second, "/data/.", true);

        InvalidWorkspaceException e = assertThrows(InvalidWorkspaceException.class, builder::freeze);
        assertTrue(e.getMessage().contains("/data"), e::getMessage);
        assertEquals(second, e.path());
    }

    @Test
    void mountAtTheWorkspacePathIsRefused() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        // The workspace appears inside the sandbox at its own real path.
        SandboxBuilder builder = builder().mount(data, workspace.toRealPath().toString(), false);

        InvalidWorkspaceException e = assertThrows(InvalidWorkspaceException.class, builder::freeze);
        assertTrue(e.getMessage().contains("Two folders"), e::getMessage);
    }

    @Test
    void mountOfAMissingHostFolderIsRefused() {
        Path missing = tmp.resolve("no-such-folder");
        SandboxBuilder builder = builder().mount(missing, "/data", false);

        InvalidWorkspaceException e = assertThrows(InvalidWorkspaceException.class, builder::freeze);
        assertTrue(e.getMessage().contains("does not exist"), e::getMessage);
    }

    @Test
    void mountAtASystemPathIsRefused() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        SandboxBuilder builder = builder().mount(data, "/usr/lib", false);

        assertThrows(InvalidWorkspaceException.class, builder::freeze);
    }

    // ---------------------------------------------------------------- ports

    @Test
    void publishedPortsAreBoundToLoopbackUnlessAllInterfacesAreAsked() {
        SandboxSpec loopback = builder().publish(8080).publish(3000, 13000).freeze();
        assertEquals(List.of(new PublishedPort(8080, "127.0.0.1", 0), new PublishedPort(3000, "127.0.0.1", 13000)),
                loopback.portsOrEmpty());

        SandboxSpec everywhere = builder().publish(8080).publishOnAllInterfaces().freeze();
        assertEquals(List.of(new PublishedPort(8080, "0.0.0.0", 0)), everywhere.portsOrEmpty());
    }

    @Test
    void portsLeftUnsetAreEmptyNotNone() {
        assertTrue(builder().freeze().ports().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65_536})
    void aSandboxPortOutsideTcpsRangeIsRefused(int port) {
        InvalidSandboxConfigException e = assertThrows(InvalidSandboxConfigException.class, () -> builder().publish(port));
        assertTrue(e.getMessage().contains("1 to 65535"), e::getMessage);
    }

    @Test
    void aHostPortOutsideTcpsRangeIsRefused() {
        assertThrows(InvalidSandboxConfigException.class, () -> builder().publish(8080, 70_000));
    }

    @Test
    void theSameSandboxPortPublishedTwiceIsRefused() {
        SandboxBuilder builder = builder().publish(8080);
        assertThrows(InvalidSandboxConfigException.class, () -> builder.publish(8080, 9090));
    }

    @Test
    void theWorkspaceAppearsInsideAtItsOwnPathOnThisPlatform() throws IOException {
        assertEquals(workspace.toRealPath().toString(), builder().freeze().sandboxWorkspace());
    }
}
