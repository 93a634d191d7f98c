package dev.sandboxes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgvMaskTest {

    @Test
    void secretValuesAnywhereSecretNamesAndSecretOptionsAreMasked() {
        List<String> argv = List.of("curl", "-H", "Authorization: Bearer sk-live-1234", "GITHUB_TOKEN=ghp_abc", "--token",
                "t0ps3cret", "--api-key=k3y", "--verbose", "APP_ENV=dev", "x");
        assertEquals(List.of("curl", "-H", "Authorization: Bearer ****", "GITHUB_TOKEN=****", "--token", "****",
                "--api-key=****", "--verbose", "APP_ENV=dev", "x"), ArgvMask.mask(argv, List.of("sk-live-1234")));
    }

    @Test
    void headerCredentialsAndUrlPasswordsAreMasked() {
        assertEquals(List.of("curl", "-H", "Authorization: Bearer ****", "-H", "X-Api-Key: ****",
                        "https://ada:****@example.com/repo.git", "https://example.com/x:y@z"),
                ArgvMask.mask(List.of("curl", "-H", "Authorization: Bearer abc.def", "-H", "X-Api-Key: k-123",
                        "https://ada:hunter2@example.com/repo.git", "https://example.com/x:y@z"), List.of()));
    }

    @Test
    void shortValuesAreNotMaskedWhereverTheyAppear() {
        assertEquals(List.of("echo", "on"), ArgvMask.mask(List.of("echo", "on"), List.of("on")));
    }
}
