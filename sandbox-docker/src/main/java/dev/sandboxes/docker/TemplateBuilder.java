package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.BuildResponseItem;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.templates.Template;
import dev.sandboxes.templates.TemplateNotFoundException;
import dev.sandboxes.templates.TemplateProgress;
import dev.sandboxes.templates.TemplateSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a template's Dockerfile into {@code sandboxes.invalid/<name>:<hash>} when the engine does not
 * have that image yet, parents first, with progress told to the listener. Only the image the caller
 * named as a parent is ever pulled: a built template is never looked for on a registry, where a
 * look-alike name could hold a stranger's image.
 */
final class TemplateBuilder {

    /** Marks built template images with their template's name, so they can be listed and removed. */
    static final String NAME_LABEL = "dev.sandboxes.template.name";
    /** A build that takes longer than this is given up on: no template takes nearly as long. */
    static final Duration BUILD_LIMIT = Duration.ofMinutes(30);

    private static final Logger LOG = LoggerFactory.getLogger(TemplateBuilder.class);
    private static final Pattern STEP = Pattern.compile("^Step (\\d+)/(\\d+) : (.*)$", Pattern.DOTALL);
    private static final int OUTPUT_TAIL_LINES = 15;

    private final DockerClient client;
    private final DockerErrors errors;
    private final ImagePuller puller;
    /**
     * One build per tag at a time in this runtime; other threads wait for it. (Two processes may
     * build one tag at once: both succeed, the later one keeps the tag, and the first image is left
     * untagged for the engine's prune.)
     */
    private final Map<String, ReentrantLock> buildLocks = new ConcurrentHashMap<>();

    TemplateBuilder(DockerClient client, DockerErrors errors, ImagePuller puller) {
        this.client = client;
        this.errors = errors;
        this.puller = puller;
    }

    /** The template's image tag, built first when the engine lacks it. */
    String ensureBuilt(Template.Built template, TemplateSettings settings, SandboxListener listener) {
        // The settings' fingerprint reads the certificates: once, for this template and its parents.
        return ensureBuilt(template, settings, settings.fingerprint(), listener);
    }

    private String ensureBuilt(Template.Built template, TemplateSettings settings, String fingerprint,
                               SandboxListener listener) {
        String tag = template.imageTag(fingerprint);
        if (exists(tag)) {
            return tag;
        }
        ReentrantLock lock = buildLocks.computeIfAbsent(tag, t -> new ReentrantLock());
        if (!lock.tryLock()) {
            listener.onTemplateProgress(new TemplateProgress(template.label(), TemplateProgress.Kind.STARTED,
                    "waiting for another build of " + tag, 0, 0));
            try {
                lock.lockInterruptibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxException("Interrupted while waiting for a build of the template " + template.label(), e);
            }
        }
        try {
            if (!exists(tag)) {
                String parent = template.parent().map(p -> ensureParent(p, settings, fingerprint, listener)).orElse(null);
                build(template, settings, tag, parent, listener);
            }
        } finally {
            lock.unlock();
        }
        return tag;
    }

    private String ensureParent(Template parent, TemplateSettings settings, String fingerprint, SandboxListener listener) {
        if (parent instanceof Template.Built built) {
            return ensureBuilt(built, settings, fingerprint, listener);
        }
        String image = ((Template.Image) parent).reference();
        if (!exists(image)) {
            puller.pull(image, BUILD_LIMIT, listener);
        }
        return image;
    }

    private void build(Template.Built template, TemplateSettings settings, String tag, String parent,
                       SandboxListener listener) {
        LOG.info("Building template {} as {}", template.label(), tag);
        listener.onTemplateProgress(new TemplateProgress(template.label(), TemplateProgress.Kind.STARTED,
                "building " + tag, 0, 0));
        BuildCallback callback = new BuildCallback(template.label(), listener);
        try {
            BuildImageCmd command = client.buildImageCmd(context(template, settings))
                    .withTags(Set.of(tag, template.latestTag()))
                    .withLabels(Map.of(NAME_LABEL, template.name()))
                    .withPull(false)
                    .withForcerm(true);
            template.buildArgs().forEach(command::withBuildArg);
            if (parent != null) {
                command.withBuildArg("BASE", parent);
            }
            if (template.usesBaseImage()) {
                command.withBuildArg("BASE_IMAGE", settings.baseImage());
            }
            command.exec(callback);
            if (!callback.awaitCompletion(BUILD_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw failed(template, tag, "it did not finish within " + BUILD_LIMIT, callback, null);
            }
            callback.rethrowFailure();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("Interrupted while building the template " + template.label(), e);
        } catch (DockerException | BuildFailedException e) {
            throw failed(template, tag, e instanceof DockerException docker ? DockerErrors.engineMessage(docker)
                    : e.getMessage(), callback, e);
        } catch (RuntimeException e) {
            throw errors.translate("build the template " + template.label(), e);
        } finally {
            callback.closeQuietly();
        }
        if (!exists(tag)) {
            throw failed(template, tag, "the engine reported success but has no image " + tag, callback, null);
        }
        listener.onTemplateProgress(new TemplateProgress(template.label(), TemplateProgress.Kind.DONE, tag, 0, 0));
    }

    private static TemplateNotFoundException failed(Template.Built template, String tag, String reason,
                                                    BuildCallback callback, Exception cause) {
        String base = template.usesBaseImage() ? " Its base image must be on the engine or pullable; on a machine"
                + " without a registry, import one and name it with TemplateSettings.withBaseImage(...)." : "";
        return new TemplateNotFoundException(template.label(), "Building the template " + template.label() + " as "
                + tag + " failed: " + reason + "." + callback.lastStep() + callback.outputTail() + base, cause);
    }

    /** The build context: the Dockerfile and the certificates to trust, in {@code extra-ca/}. */
    private static java.io.InputStream context(Template.Built template, TemplateSettings settings) {
        SetupArchive context = new SetupArchive();
        context.file("Dockerfile", template.dockerfile(), 0644, 0, 0);
        context.directory("extra-ca", 0755, 0, 0);
        context.file("extra-ca/README", "CA certificates the template trusts, from TemplateSettings.\n", 0644, 0, 0);
        List<Path> certificates = settings.certificateFiles();
        for (int i = 0; i < certificates.size(); i++) {
            try {
                // Numbered, so two files of one name from two folders both arrive; and *.crt whatever
                // the name given, since update-ca-certificates reads nothing else.
                context.file("extra-ca/" + i + ".crt", Files.readAllBytes(certificates.get(i)), 0644, 0, 0);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read the CA certificate " + certificates.get(i), e);
            }
        }
        return context.toTar();
    }

    private boolean exists(String image) {
        return puller.localId(image).isPresent();
    }

    /** A failure reported inside the build's stream rather than as an HTTP status. */
    private static final class BuildFailedException extends RuntimeException {
        BuildFailedException(String message) {
            super(message);
        }
    }

    /** Turns the build's stream into progress, keeping the last step and lines for a failure's message. */
    private static final class BuildCallback extends QuietCallback<BuildResponseItem> {
        private final String template;
        private final SandboxListener listener;
        private final Deque<String> tail = new ArrayDeque<>();
        private volatile String lastStep = "";

        BuildCallback(String template, SandboxListener listener) {
            this.template = template;
            this.listener = listener;
        }

        @Override
        public void onNext(BuildResponseItem item) {
            if (item.isErrorIndicated()) {
                onError(new BuildFailedException(item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : item.getError()));
                return;
            }
            if (item.getId() != null && item.getStatus() != null) {
                // The builder pulling a FROM image it lacks (the base image, where a registry answers).
                listener.onTemplateProgress(ImagePuller.layerProgress(template, item));
                return;
            }
            String stream = item.getStream();
            if (stream == null) {
                return;
            }
            for (String line : stream.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                Matcher step = STEP.matcher(line.strip());
                if (step.matches()) {
                    lastStep = line.strip();
                    forgetOutput();
                    listener.onTemplateProgress(new TemplateProgress(template, TemplateProgress.Kind.STEP,
                            step.group(3), Long.parseLong(step.group(1)), Long.parseLong(step.group(2))));
                } else {
                    remember(line);
                    listener.onTemplateProgress(new TemplateProgress(template, TemplateProgress.Kind.OUTPUT, line, 0, 0));
                }
            }
        }

        private synchronized void forgetOutput() {
            tail.clear();
        }

        private synchronized void remember(String line) {
            tail.addLast(line);
            if (tail.size() > OUTPUT_TAIL_LINES) {
                tail.removeFirst();
            }
        }

        String lastStep() {
            return lastStep.isEmpty() ? "" : " The step that failed: " + lastStep + ".";
        }

        synchronized String outputTail() {
            return tail.isEmpty() ? "" : " Its last output:\n  " + String.join("\n  ", tail);
        }
    }
}
