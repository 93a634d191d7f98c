package dev.sandboxes.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionValuesTest {

    private static final Map<String, String> HOST = Map.of("HOME_TOKEN", "from-host");

    @Test
    void anInjectedHeaderTakesItsSecretFromThisShellsEnvironmentNeverFromTheCommandLine() {
        dev.sandboxes.network.CredentialRule rule = OptionValues.injectedHeader("api.github.com:Authorization=Bearer ${HOME_TOKEN}", HOST::get);
        assertEquals("api.github.com", rule.host());
        assertEquals("Authorization", rule.header());
        assertEquals("Bearer {secret}", rule.format());
        assertEquals("from-host", rule.secret().reveal());
        assertTrue(!rule.toString().contains("from-host"), rule::toString);
        for (String bad : List.of("api.github.com:Authorization=Bearer literal-token", "api.github.com:Authorization=${A}${B}",
                "Authorization=Bearer ${HOME_TOKEN}", "api.github.com:=x${HOME_TOKEN}")) {
            assertThrows(IllegalArgumentException.class, () -> OptionValues.injectedHeader(bad, HOST::get), bad);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OptionValues.injectedHeader(
                "api.github.com:Authorization=Bearer ${UNSET}", HOST::get)).getMessage().contains("UNSET is not set here"));
    }

    @Test
    void envIsKeyEqualsValueOrAKeyTakenFromHere() {
        assertEquals(Map.entry("A", "b=c"), OptionValues.env("A=b=c", HOST::get));
        assertEquals(Map.entry("A", ""), OptionValues.env("A=", HOST::get));
        assertEquals(Map.entry("HOME_TOKEN", "from-host"), OptionValues.env("HOME_TOKEN", HOST::get));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OptionValues.env("=x", HOST::get)).getMessage()
                .contains("KEY=VALUE"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OptionValues.env("UNSET", HOST::get)).getMessage()
                .contains("not set here"));
    }

    @Test
    void anEnvFileSkipsBlankLinesAndComments(@TempDir Path folder) throws IOException {
        Path file = Files.writeString(folder.resolve(".env"), "# settings\nA=1\n\n  B=2 \nHOME_TOKEN\n");
        assertEquals(Map.of("A", "1", "B", "2", "HOME_TOKEN", "from-host"), OptionValues.envFile(file, HOST::get));
        Path bad = Files.writeString(folder.resolve("bad.env"), "B = 2\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OptionValues.envFile(bad, HOST::get)).getMessage()
                .startsWith("in the env file " + bad + ", line 1:"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> OptionValues.envFile(folder.resolve("missing"), HOST::get)).getMessage().contains("cannot read"));
    }

    @Test
    void volumesAreHostColonSandboxWithAnOptionalMode() {
        assertEquals(new OptionValues.Volume(Path.of("./data"), "/data", true), OptionValues.volume("./data:/data:ro"));
        assertEquals(new OptionValues.Volume(Path.of("/srv"), "/srv", false), OptionValues.volume("/srv:/srv:rw"));
        assertEquals(new OptionValues.Volume(Path.of("d"), "/d", false), OptionValues.volume("d:/d"));
        for (String bad : new String[] {"nope", ":/x", "d:relative", "d:/x:rx", "a:/b:ro:extra"}) {
            assertThrows(IllegalArgumentException.class, () -> OptionValues.volume(bad), bad);
        }
    }

    @Test
    void timesAreAWholeNumberAndAUnit() {
        assertEquals(java.time.Duration.ofSeconds(90), OptionValues.duration("--t", "90s"));
        assertEquals(java.time.Duration.ofMinutes(30), OptionValues.duration("--t", "30m"));
        assertEquals(java.time.Duration.ofHours(12), OptionValues.duration("--t", "12h"));
        assertEquals(java.time.Duration.ofDays(7), OptionValues.duration("--t", "7d"));
        for (String bad : new String[] {"7", "0d", "-1d", "1.5h", "7w", ""}) {
            OptionValues.BadValueException e = org.junit.jupiter.api.Assertions.assertThrows(
                    OptionValues.BadValueException.class, () -> OptionValues.duration("--stopped-for", bad));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("bad --stopped-for '" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void sizesTakeDockersSuffixes() {
        assertEquals(512L << 20, OptionValues.bytes("--memory", "512m"));
        assertEquals(4L << 30, OptionValues.bytes("--memory", "4G"));
        assertEquals(1000, OptionValues.bytes("--memory", "1000"));
        assertThrows(IllegalArgumentException.class, () -> OptionValues.bytes("--memory", "4 gigs"));
    }

    @Test
    void portsAreSandboxOrHostColonSandbox() {
        assertEquals(new OptionValues.Port(0, 8080), OptionValues.port("8080"));
        assertEquals(new OptionValues.Port(18080, 8080), OptionValues.port("18080:8080"));
        for (String bad : new String[] {"0", "65536", "x", "1:2:3", ""}) {
            assertThrows(IllegalArgumentException.class, () -> OptionValues.port(bad), bad);
        }
    }
}
