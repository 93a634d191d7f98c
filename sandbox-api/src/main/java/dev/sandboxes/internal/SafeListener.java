package dev.sandboxes.internal;

import dev.sandboxes.core.SandboxEvent;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.exec.ExecEvent;
import dev.sandboxes.templates.TemplateProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls a user's listener so that its failures are logged and never break the operation. */
public final class SafeListener implements SandboxListener {

    private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);

    private final SandboxListener delegate;

    private SafeListener(SandboxListener delegate) {
        this.delegate = delegate;
    }

    public static SandboxListener wrap(SandboxListener listener) {
        return listener instanceof SafeListener ? listener : new SafeListener(listener);
    }

    @Override
    public void onEvent(SandboxEvent event) {
        try {
            delegate.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("A sandbox listener failed on " + event.type() + "; ignored", e);
        }
    }

    @Override
    public void onTemplateProgress(TemplateProgress progress) {
        try {
            delegate.onTemplateProgress(progress);
        } catch (RuntimeException e) {
            LOG.warn("A sandbox listener failed on template progress; ignored", e);
        }
    }

    @Override
    public void onExec(ExecEvent event) {
        try {
            delegate.onExec(event);
        } catch (RuntimeException e) {
            LOG.warn("A sandbox listener failed on a command's " + event.type() + "; ignored", e);
        }
    }
}
