package dev.sandboxes.internal;

import dev.sandboxes.core.SandboxEvent;
import dev.sandboxes.core.SandboxInfo;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.errors.SandboxNotFoundException;
import dev.sandboxes.spi.SandboxRuntime;
import dev.sandboxes.spi.TracksActivity;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a sandbox that has run no command for its idle time, through the runtime (the engine's API),
 * and starts it again when one of its handles is used. One watch per sandbox and runtime in this
 * JVM, shared by all its handles; one daemon thread checks them all.
 *
 * <p>Activity is what this JVM's handles do, plus any command still running in the sandbox when
 * the time is up ({@link TracksActivity#busy}), wherever it was started. Commands that another
 * process ran and finished are not seen: such a process should ask for the idle stop itself, or
 * none at all.
 */
public final class IdleStop {

    private static final Map<Key, IdleStop> WATCHES = new ConcurrentHashMap<>();
    private static final ScheduledExecutorService CHECKER = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "sandbox-idle-stop");
        thread.setDaemon(true);
        return thread;
    });
    private static final Logger LOG = LoggerFactory.getLogger(IdleStop.class);

    private final TracksActivity runtime;
    private final String sandboxId;
    private final SandboxListener listener;
    private final Supplier<SandboxSummary> reopen;
    /** Held by handles while they start the sandbox or a command; the checker only ever tries it. */
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    private Duration idle;
    private volatile ScheduledFuture<?> nextCheck;
    private volatile boolean forgotten;
    private long lastActiveNanos = System.nanoTime();
    private int running;
    private boolean stoppedForIdle;

    private IdleStop(TracksActivity runtime, String sandboxId, Duration idle, SandboxListener listener,
                     Supplier<SandboxSummary> reopen) {
        this.runtime = runtime;
        this.sandboxId = sandboxId;
        this.idle = idle;
        this.listener = listener;
        this.reopen = reopen;
    }

    /**
     * The watch of this sandbox, made on first ask and shared after. A later ask with a shorter idle
     * time shortens it: the shortest asked wins, so that no opener's wish is outlived.
     *
     * @param reopen starts the sandbox again (the open that made the handle, once more)
     */
    public static IdleStop watch(TracksActivity runtime, String sandboxId, Duration idle, SandboxListener listener,
                                 Supplier<SandboxSummary> reopen) {
        IdleStop watch = WATCHES.computeIfAbsent(new Key(runtime, sandboxId),
                key -> new IdleStop(runtime, sandboxId, idle, listener, reopen));
        watch.opened(idle);
        return watch;
    }

    /** An open just made the sandbox run (again), asking for this idle time. */
    private void opened(Duration asked) {
        lock.lock();
        try {
            stoppedForIdle = false;
            lastActiveNanos = System.nanoTime();
            if (nextCheck == null || asked.compareTo(idle) < 0) {
                idle = asked;
                scheduleCheck();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A few checks per idle time, within 50 ms and 30 s of each other; a pending one is replaced. */
    private void scheduleCheck() {
        ScheduledFuture<?> pending = nextCheck;
        if (pending != null) {
            pending.cancel(false);
        }
        long period = Math.max(50, Math.min(idle.toMillis() / 4, 30_000));
        nextCheck = CHECKER.schedule(this::checkThenAgain, period, TimeUnit.MILLISECONDS);
    }

    /** A handle at work holds the lock: then there is nothing to stop, and the next check will see. */
    private void checkThenAgain() {
        if (forgotten) {
            return;
        }
        if (!lock.tryLock()) {
            scheduleCheck();  // never waits for a handle: the checker serves every watch
            return;
        }
        Optional<SandboxEvent> stopped;
        try {
            stopped = check();
            if (!forgotten) {
                scheduleCheck();
            }
        } finally {
            lock.unlock();
        }
        stopped.ifPresent(listener::onEvent);  // outside the lock: a listener may use the sandbox
    }

    /** The watch of a sandbox, if one was asked for in this JVM. */
    public static Optional<IdleStop> of(SandboxRuntime runtime, String sandboxId) {
        return Optional.ofNullable(WATCHES.get(new Key(runtime, sandboxId)));
    }

    /**
     * A handle is about to use the sandbox (a file call): start it again if this watch stopped it.
     * Taken and given back at once; commands hold it with {@link #began()} until {@link #ended()}.
     */
    public void using() {
        began();
        ended();
    }

    /** A command (or a file call) starts: the sandbox is busy until {@link #ended()}. */
    public void began() {
        lock.lock();
        try {
            if (stoppedForIdle) {
                startAgain();
            }
            running++;
            lastActiveNanos = System.nanoTime();
        } finally {
            lock.unlock();
        }
    }

    public void ended() {
        lock.lock();
        try {
            running--;
            lastActiveNanos = System.nanoTime();
        } finally {
            lock.unlock();
        }
    }

    /** The open that made the handle, once more; never for a sandbox that is gone (that would make a new one). */
    private void startAgain() {
        if (runtime.inspect(sandboxId).isEmpty()) {
            throw new SandboxNotFoundException("The sandbox " + sandboxId + " was stopped for being idle, and has been"
                    + " removed since: open its workspace again for a new one.");
        }
        SandboxSummary started = reopen.get();
        if (!started.id().equals(sandboxId)) {
            throw new SandboxException("The sandbox " + sandboxId + " was stopped for being idle and has since been"
                    + " replaced by " + started.id() + ": open its workspace again for a handle on the new one.");
        }
        stoppedForIdle = false;
    }

    /** The same watch for the sandbox that replaced this one (a reset); this one ends. */
    public IdleStop movedTo(String newSandboxId) {
        forget();
        return watch(runtime, newSandboxId, idle, listener, reopen);
    }

    /** Stopped on purpose: the next use does not start it again; an open does. */
    public void stoppedByCaller() {
        lock.lock();
        try {
            stoppedForIdle = false;
        } finally {
            lock.unlock();
        }
    }

    /** The sandbox was removed: nothing more to watch. */
    public void forget() {
        lock.lock();
        try {
            forgotten = true;
            if (nextCheck != null) {
                nextCheck.cancel(false);
            }
            WATCHES.remove(new Key(runtime, sandboxId), this);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs under the lock, so that no command of this JVM starts while it stops the sandbox.
     *
     * @return the event to tell, once the lock is given back
     */
    private Optional<SandboxEvent> check() {
        try {
            if (stoppedForIdle || running > 0 || System.nanoTime() - lastActiveNanos < idle.toNanos()) {
                return Optional.empty();
            }
            Optional<SandboxInfo> info = runtime.inspect(sandboxId);
            if (info.isEmpty()) {
                forget();
                return Optional.empty();
            }
            if (info.get().status() != SandboxStatus.RUNNING) {
                return Optional.empty();  // stopped by someone else: nothing to do until it runs again
            }
            if (runtime.busy(sandboxId)) {
                lastActiveNanos = System.nanoTime();  // a command from elsewhere: that is use too
                return Optional.empty();
            }
            runtime.stop(sandboxId, SandboxListener.NONE);
            stoppedForIdle = true;
            return Optional.of(SandboxEvent.now(SandboxEvent.Type.IDLE_STOPPED, sandboxId, info.get().name(),
                    info.get().workspace()));
        } catch (RuntimeException e) {
            // The engine may be restarting: try again at the next check.
            LOG.debug("Idle check of sandbox " + sandboxId + " failed", e);
            return Optional.empty();
        }
    }

    /** Watches are per runtime instance (one engine) and sandbox. */
    private record Key(SandboxRuntime runtime, String sandboxId) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.runtime == runtime && key.sandboxId.equals(sandboxId);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(runtime) * 31 + sandboxId.hashCode();
        }
    }
}
