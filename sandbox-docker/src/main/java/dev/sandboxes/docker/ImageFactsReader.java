package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.templates.TemplateNotFoundException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads {@link ImageFacts} from a template image, once per image id and runtime: from a container
 * created (never started) for the purpose, through the archive API, so nothing of the image runs.
 * The image's id is asked each time (one cheap call), so that a tag moved to another image is seen.
 */
final class ImageFactsReader {

    /** A home bigger than this is not carried in memory: a root chown re-owns it after the first start. */
    static final long MAX_HOME_BYTES = 32L * 1024 * 1024;
    /**
     * Marks the short-lived containers that read images, so that a leftover can be recognised; each
     * also records its {@link ProcessOwner}, so that it can be told apart from a live process's.
     */
    static final String PROBE_LABEL = "dev.sandboxes.probe";

    private static final Pattern USER_LINE = Pattern.compile("(?m)^agent:[^:]*:(\\d+):(\\d+):[^:]*:([^:]*):.*$");

    private final DockerClient client;
    private final DockerErrors errors;
    private final ImagePuller puller;
    private final LeftoverProbes leftovers;
    private final Map<String, ImageFacts> byImageId = new ConcurrentHashMap<>();

    ImageFactsReader(DockerClient client, DockerErrors errors, ImagePuller puller, LeftoverProbes leftovers) {
        this.client = client;
        this.errors = errors;
        this.puller = puller;
        this.leftovers = leftovers;
    }

    /**
     * The facts of a template, pulling it when the engine lacks it. Sandboxes are then created from
     * {@link ImageFacts#imageId()}, so that a tag moved meanwhile cannot mix two images. This and
     * {@link #readBuilt} are where every creating open starts, so both first sweep the probes that
     * dead processes left (one engine call when there are none).
     *
     * @throws TemplateNotFoundException     when it cannot be found or pulled
     * @throws InvalidSandboxConfigException when it has no /bin/sh
     */
    ImageFacts read(String template, Duration pullTimeout, dev.sandboxes.core.SandboxListener listener) {
        leftovers.removeDeadQuietly();
        String imageId = puller.localId(template).orElseGet(() -> {
            puller.pull(template, pullTimeout, listener);
            return puller.localId(template).orElseThrow(() -> new TemplateNotFoundException(template,
                    "The template image '" + template + "' is still missing after pulling it.", null));
        });
        return checked(template, imageId);
    }

    /**
     * The facts of a template built here, which is never pulled: a look-alike name on a registry
     * could hold anyone's image.
     *
     * @throws TemplateNotFoundException when it is gone (removed since it was built)
     */
    ImageFacts readBuilt(String label, String image) {
        leftovers.removeDeadQuietly();
        String imageId = puller.localId(image).orElseThrow(() -> new TemplateNotFoundException(label, "The template image "
                + image + " of " + label + " was removed right after it was built. Open again to build it anew.", null));
        return checked(image, imageId);
    }

    private ImageFacts checked(String template, String imageId) {
        ImageFacts facts = readById(template, imageId);
        if (!facts.hasShell()) {
            throw new InvalidSandboxConfigException("The template " + template + " has no /bin/sh: sandboxes run"
                    + " commands and agents through a shell. Use an image with one (any Debian, Ubuntu or Alpine based image).");
        }
        return facts;
    }

    /** The facts of the image a container was made from, by its id. */
    ImageFacts readById(String template, String imageId) {
        return byImageId.computeIfAbsent(imageId, id -> probe(template, id));
    }

    private ImageFacts probe(String template, String imageId) {
        String probe = errors.call("create a container to read template " + template,
                () -> client.createContainerCmd(imageId).withEntrypoint("/bin/sh").withCmd(List.of())
                        .withLabels(probeLabels()).exec().getId());
        try {
            String passwd = file(probe, "/etc/passwd").orElse("");
            String group = file(probe, "/etc/group").orElse("");
            boolean hasShell = exists(probe, "/bin/sh");
            boolean hasSudo = exists(probe, "/usr/bin/sudo");
            String sudoers = hasSudo ? sudoers(probe) : "";
            Optional<String> homePath = USER_LINE.matcher(passwd).results().findFirst().map(agent -> agent.group(3));
            boolean[] tooBig = {false};
            Optional<List<ImageFacts.HomeEntry>> home = homePath.flatMap(path -> home(probe, path, tooBig));
            return new ImageFacts(imageId, passwd, group, hasShell, hasSudo, sudoers, home, tooBig[0]);
        } finally {
            try {
                client.removeContainerCmd(probe).withForce(true).withRemoveVolumes(true).exec();
            } catch (RuntimeException e) {
                // A leftover probe holds nothing and carries PROBE_LABEL; it must not fail the open.
            }
        }
    }

    /** A probe's labels: its role, and its owner, so that one a dead process left is swept ({@link LeftoverProbes}). */
    static Map<String, String> probeLabels() {
        Map<String, String> labels = new java.util.HashMap<>(ProcessOwner.current().labels());
        labels.put(PROBE_LABEL, "true");
        labels.putAll(EngineObjects.Role.PROBE.label());
        return labels;
    }

    private String sudoers(String probe) {
        StringBuilder rules = new StringBuilder(file(probe, "/etc/sudoers").orElse(""));
        readTar(probe, "/etc/sudoers.d", (entry, content) -> rules.append('\n').append(new String(content, StandardCharsets.UTF_8)));
        return rules.toString();
    }

    /** The home's entries; empty when it is missing or bigger than {@link #MAX_HOME_BYTES} (then {@code tooBig}). */
    private Optional<List<ImageFacts.HomeEntry>> home(String probe, String homePath, boolean[] tooBig) {
        List<ImageFacts.HomeEntry> entries = new ArrayList<>();
        long[] size = {0};
        boolean found = readTar(probe, homePath, (entry, content) -> {
            size[0] += content.length;
            if (size[0] > MAX_HOME_BYTES) {
                tooBig[0] = true;
                throw new HomeTooBig();
            }
            kind(entry).ifPresent(kind -> entries.add(new ImageFacts.HomeEntry(relative(entry.getName()), kind,
                    kind == ImageFacts.Kind.HARDLINK ? relative(entry.getLinkName())
                            : kind == ImageFacts.Kind.SYMLINK ? entry.getLinkName() : null,
                    entry.getMode() & 07777, content)));
        });
        return found ? Optional.of(List.copyOf(entries)) : Optional.empty();
    }

    /** Devices, sockets and pipes have no place in a home; they are left out. */
    private static Optional<ImageFacts.Kind> kind(TarArchiveEntry entry) {
        if (entry.isDirectory()) {
            return Optional.of(ImageFacts.Kind.DIRECTORY);
        }
        if (entry.isSymbolicLink()) {
            return Optional.of(ImageFacts.Kind.SYMLINK);
        }
        if (entry.isLink()) {
            return Optional.of(ImageFacts.Kind.HARDLINK);
        }
        return entry.isFile() ? Optional.of(ImageFacts.Kind.FILE) : Optional.empty();
    }

    /** The archive names entries after the folder itself ("agent/", "agent/.bashrc"); this drops that first part. */
    private static String relative(String name) {
        int slash = name.indexOf('/');
        String relative = slash < 0 ? "" : name.substring(slash + 1);
        return relative.endsWith("/") ? relative.substring(0, relative.length() - 1) : relative;
    }

    /** Ends reading a home that is too big to carry. */
    private static final class HomeTooBig extends RuntimeException {
        HomeTooBig() {
            super(null, null, false, false);
        }
    }

    private Optional<String> file(String probe, String path) {
        StringBuilder text = new StringBuilder();
        boolean found = readTar(probe, path, (entry, content) -> {
            if (entry.isFile()) {
                text.append(new String(content, StandardCharsets.UTF_8));
            }
        });
        return found ? Optional.of(text.toString()) : Optional.empty();
    }

    private boolean exists(String probe, String path) {
        return readTar(probe, path, (entry, content) -> { });
    }

    /** Streams a path's archive to {@code each}; false when the path does not exist. */
    private boolean readTar(String probe, String path, TarVisitor each) {
        return errors.call("read " + path + " of a template", () -> {
            try (InputStream raw = client.copyArchiveFromContainerCmd(probe, path).exec();
                 TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    ByteArrayOutputStream content = new ByteArrayOutputStream();
                    if (entry.isFile() && !entry.isLink()) {
                        tar.transferTo(content);
                    }
                    each.visit(entry, content.toByteArray());
                }
                return true;
            } catch (HomeTooBig tooBig) {
                return false;
            } catch (NotFoundException e) {
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @FunctionalInterface
    private interface TarVisitor {
        void visit(TarArchiveEntry entry, byte[] content);
    }
}
