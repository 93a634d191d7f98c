package dev.sandboxes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sandboxes.errors.InvalidWorkspaceException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Where host folders appear inside a sandbox: the same path, or Docker Desktop's form of a Windows path. */
class SandboxPathsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "C:\\Users\\ada\\proj | /c/Users/ada/proj",
            "c:\\Users\\ada\\proj\\ | /c/Users/ada/proj",
            "D:\\ | /d",
            "E:/work/repo | /e/work/repo",
            "C:\\Users\\ada\\my project | /c/Users/ada/my project"})
    void windowsDrivePathsBecomeTheirLinuxForm(String windows, String sandbox) {
        assertEquals(sandbox, SandboxPaths.inSandbox(windows, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/home/ada/proj", "/Users/ada/proj", "/var/www/site"})
    void unixPathsStayTheSame(String path) {
        assertEquals(path, SandboxPaths.inSandbox(path, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\\\server\\share\\proj", "//server/share/proj"})
    void windowsNetworkSharesAreRefused(String share) {
        InvalidWorkspaceException e = assertThrows(InvalidWorkspaceException.class, () -> SandboxPaths.inSandbox(share, true));
        assertEquals(true, e.getMessage().contains("network share"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Users\\ada", "proj"})
    void windowsPathsWithoutADriveAreRefused(String relative) {
        assertThrows(InvalidWorkspaceException.class, () -> SandboxPaths.inSandbox(relative, true));
    }

    @ParameterizedTest
    @CsvSource({"/a//b/../c/, /a/c", "/, /", "/.., /", "/a/./b/., /a/b", "/a/b/../../.., /", "//x, /x"})
    void normalizesSandboxPathsAsText(String path, String normalized) {
        assertEquals(normalized, SandboxPaths.normalized(path));
    }
}
