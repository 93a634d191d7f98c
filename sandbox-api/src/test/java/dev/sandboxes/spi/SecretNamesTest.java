package dev.sandboxes.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.core.SandboxInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which variable values info(), inspect and error messages may show. */
class SecretNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"ANTHROPIC_API_KEY", "GITHUB_TOKEN", "MY_SECRET", "DB_PASSWORD", "aws_session_token"})
    void secretLookingNamesAreMasked(String name) {
        assertTrue(SecretNames.isSecret(name));
        assertEquals(SandboxInfo.MASK, SecretNames.mask(name, "the-real-value"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"APP_ENV", "PATH", "NODE_ENV"})
    void plainNamesAreShown(String name) {
        assertFalse(SecretNames.isSecret(name));
        assertEquals("the-real-value", SecretNames.mask(name, "the-real-value"));
    }
}
