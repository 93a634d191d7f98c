package dev.sandboxes.templates;

import dev.sandboxes.errors.InvalidSandboxConfigException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How this machine builds templates: the Debian image the shipped toolbox starts {@code FROM} (a
 * mirror, or an image imported on an air-gapped site), and extra CA certificates to trust, for
 * networks whose proxy intercepts TLS. The certificates are trusted by apt and npm during the build
 * and by the system store and Node.js in every sandbox; TLS checks are never turned off.
 *
 * <p>{@link #fromEnvironment()} reads {@code -Dsandboxes.baseImage} or {@code SANDBOXES_BASE_IMAGE},
 * and {@code -Dsandboxes.caCertificates} or {@code SANDBOXES_CA_CERTIFICATES} (files or folders of
 * PEM {@code *.crt}/{@code *.pem} files, separated by the platform's path separator).
 *
 * <pre>{@code
 * TemplateSettings settings = TemplateSettings.fromEnvironment()
 *         .withCaCertificates(Path.of("/etc/ssl/certs/ca-certificates.crt"));
 * Sandboxes.forWorkspace(dir).agent("claude").templateSettings(settings).open();
 * }</pre>
 *
 * @param baseImage      the image the toolbox is built {@code FROM}; {@value #DEFAULT_BASE_IMAGE} by default
 * @param caCertificates PEM files, or folders of them, to trust
 */
public record TemplateSettings(String baseImage, List<Path> caCertificates) {

    /** The shipped toolbox's base: Debian trixie, for Node.js 20 (bookworm has 18). */
    public static final String DEFAULT_BASE_IMAGE = "debian:trixie";

    public TemplateSettings {
        Objects.requireNonNull(baseImage, "baseImage");
        if (baseImage.isBlank()) {
            throw new InvalidSandboxConfigException("The base image for templates is blank: give one such as \""
                    + DEFAULT_BASE_IMAGE + "\".");
        }
        caCertificates = List.copyOf(caCertificates);
    }

    /** The defaults, changed by system properties or environment variables where set. */
    public static TemplateSettings fromEnvironment() {
        String base = setting("sandboxes.baseImage", "SANDBOXES_BASE_IMAGE").orElse(DEFAULT_BASE_IMAGE);
        List<Path> certificates = setting("sandboxes.caCertificates", "SANDBOXES_CA_CERTIFICATES")
                .map(value -> Stream.of(value.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList())
                .orElse(List.of());
        return new TemplateSettings(base, certificates);
    }

    /** These settings with another base image. */
    public TemplateSettings withBaseImage(String image) {
        return new TemplateSettings(image, caCertificates);
    }

    /** These settings trusting one more PEM file or folder of them. */
    public TemplateSettings withCaCertificates(Path fileOrFolder) {
        List<Path> more = new ArrayList<>(caCertificates);
        more.add(Objects.requireNonNull(fileOrFolder, "fileOrFolder"));
        return new TemplateSettings(baseImage, more);
    }

    /**
     * The certificate files to trust, in a stable order: each file given, and the {@code *.crt} and
     * {@code *.pem} files of each folder given.
     *
     * @throws InvalidSandboxConfigException when one does not exist or cannot be read
     */
    public List<Path> certificateFiles() {
        List<Path> files = new ArrayList<>();
        for (Path given : caCertificates) {
            if (Files.isDirectory(given)) {
                try (Stream<Path> listing = Files.list(given)) {
                    listing.filter(p -> Files.isRegularFile(p) && isPem(p)).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw unreadable(given, e);
                }
            } else if (Files.isReadable(given)) {
                files.add(given);
            } else {
                throw unreadable(given, null);
            }
        }
        return files;
    }

    /**
     * What of these settings goes into a built template's tag, in a few dozen characters: the base
     * image, and a digest of the certificates' contents (in any order given). Recorded on sandboxes,
     * so that whether one runs on an older build is judged by the settings it was made with.
     *
     * @throws InvalidSandboxConfigException when a certificate cannot be read
     */
    public String fingerprint() {
        java.util.TreeSet<String> digests = new java.util.TreeSet<>();
        for (Path certificate : certificateFiles()) {
            try {
                digests.add(TemplateHash.digest(Files.readAllBytes(certificate), 64));
            } catch (IOException e) {
                throw unreadable(certificate, e);
            }
        }
        String certificates = digests.isEmpty() ? "none"
                : TemplateHash.digest(String.join(",", digests).getBytes(java.nio.charset.StandardCharsets.UTF_8), 16);
        return "ca=" + certificates + " base=" + baseImage;
    }

    private static boolean isPem(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".crt") || name.endsWith(".pem");
    }

    private static InvalidSandboxConfigException unreadable(Path given, IOException cause) {
        return new InvalidSandboxConfigException("The CA certificates " + given + " cannot be read"
                + (cause == null ? "" : " (" + cause.getMessage() + ")")
                + ": give a readable PEM file, or a folder of *.crt files, to trust in templates.");
    }

    private static Optional<String> setting(String property, String variable) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(variable);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
