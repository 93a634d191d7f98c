package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.errors.SandboxException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EngineClockTest {

    @Test
    void theEnginesSystemTimeIsReadWithItsNanosecondsAndOffset() {
        assertEquals(Instant.parse("2026-12-02T13:40:12.123456789Z"), EngineClock.parse("2026-12-02T13:40:12.123456789Z"));
        assertEquals(Instant.parse("2026-12-02T12:40:12.5Z"), EngineClock.parse("2026-12-02T13:40:12.5+01:00"));
    }

    @Test
    void aMissingOrMalformedTimeIsTheLibrarysOwnErrorSayingWhatCameBack() {
        assertTrue(assertThrows(SandboxException.class, () -> EngineClock.parse("")).getMessage().contains("SystemTime"));
        SandboxException malformed = assertThrows(SandboxException.class, () -> EngineClock.parse("Tue Dec  2 13:40:12 2026"));
        assertTrue(malformed.getMessage().contains("'Tue Dec  2 13:40:12 2026'"), malformed.getMessage());
    }
}
