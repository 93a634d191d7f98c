package dev.sandboxes.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.templates.TemplateProgress.Kind;
import dev.sandboxes.templates.TemplateProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Test
    void aLogGetsOneLinePerStepAndNoBuildOutput() {
        Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, false);
        build(progress);
        assertEquals("""
                builtin:base: building sandboxes.invalid/base:1
                builtin:base: step 1/2: FROM debian:trixie
                builtin:base: step 2/2: RUN apt-get update
                builtin:base: ready as sandboxes.invalid/base:1
                """, text());
    }

    @Test
    void aTerminalGetsABarRedrawnOnOneLine() {
        Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, false);
        build(progress);
        String shown = text();
        assertTrue(shown.contains("\r\033[Kbuiltin:base [###############...............] 1/2 FROM debian:trixie"), shown);
        assertTrue(shown.contains("[##############################] 2/2 RUN apt-get update\nbuiltin:base: ready"), shown);
    }

    @Test
    void quietShowsNothing() {
        build(new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, true));
        assertEquals("", text());
    }

    private static void build(Progress progress) {
        progress.onTemplateProgress(new TemplateProgress("builtin:base", Kind.STARTED, "building sandboxes.invalid/base:1", 0, 0));
        progress.onTemplateProgress(new TemplateProgress("builtin:base", Kind.STEP, "FROM debian:trixie", 1, 2));
        progress.onTemplateProgress(new TemplateProgress("builtin:base", Kind.OUTPUT, "Get:1 http://deb.debian.org", 0, 0));
        progress.onTemplateProgress(new TemplateProgress("builtin:base", Kind.STEP, "RUN apt-get   update", 2, 2));
        progress.onTemplateProgress(new TemplateProgress("builtin:base", Kind.DONE, "sandboxes.invalid/base:1", 0, 0));
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
