package dev.sandboxes.examples.cli;

import dev.sandboxes.core.SandboxEvent;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.templates.TemplateProgress;
import java.io.PrintStream;

/**
 * Shows template builds and pulls: a bar redrawn on one line on a terminal, plain lines otherwise
 * (a log, a pipe), nothing with {@code -q}. Written to standard error, so that standard output
 * stays what scripts read.
 */
final class Progress implements SandboxListener {

    private static final int BAR_WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final boolean quiet;
    private boolean lineOpen;

    Progress(PrintStream out, boolean terminal, boolean quiet) {
        this.out = out;
        this.terminal = terminal;
        this.quiet = quiet;
    }

    /** Progress on this process's standard error, drawn as a bar when it is a terminal. */
    static Progress onStandardError(boolean quiet) {
        return new Progress(System.err, System.console() != null, quiet);
    }

    @Override
    public void onEvent(SandboxEvent event) {
    }

    @Override
    public synchronized void onTemplateProgress(TemplateProgress progress) {
        if (quiet) {
            return;
        }
        switch (progress.kind()) {
            case STARTED -> line(progress.template() + ": " + progress.message());
            case STEP -> step(progress);
            case LAYER -> layer(progress);
            case DONE -> line(progress.template() + ": ready as " + progress.message());
            case OUTPUT -> {
                // The build's own output: too much for a terminal, and in a log the steps say enough.
            }
        }
    }

    private void step(TemplateProgress progress) {
        String instruction = progress.message().replaceAll("\\s+", " ");
        if (!terminal) {
            line(progress.template() + ": step " + progress.current() + "/" + progress.total() + ": " + instruction);
            return;
        }
        int filled = (int) (BAR_WIDTH * progress.current() / Math.max(1, progress.total()));
        String text = progress.template() + " [" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] "
                + progress.current() + "/" + progress.total() + " " + instruction;
        redraw(text.length() > 100 ? text.substring(0, 99) + "…" : text);
    }

    private void layer(TemplateProgress progress) {
        if (terminal && progress.total() > 0) {
            redraw(progress.template() + ": " + progress.message() + " " + mebibytes(progress.current()) + "/"
                    + mebibytes(progress.total()) + " MiB");
        } else if (!terminal && progress.message().endsWith("Pull complete")) {
            line(progress.template() + ": layer " + progress.message());
        }
    }

    /** Ends a bar left open, so that what is printed next (an error, say) starts on a line of its own. */
    synchronized void endLine() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
    }

    private void redraw(String text) {
        out.print("\r\033[K" + text);
        out.flush();
        lineOpen = true;
    }

    private void line(String text) {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
        out.println(text);
        out.flush();
    }

    private static String mebibytes(long bytes) {
        return String.format("%.1f", bytes / 1048576.0);
    }
}
