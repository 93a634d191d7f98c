package dev.sandboxes.internal;

import dev.sandboxes.errors.InvalidSandboxConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The extra certificate authorities an egress proxy trusts for the real hosts of credential rules,
 * as one PEM text: the caller's files (each must hold a certificate) and the template settings'
 * ({@code SANDBOXES_CA_CERTIFICATES}, which may hold other things: only certificates are taken).
 *
 * <pre>{@code
 * String pem = UpstreamCertificates.read(List.of(Path.of("test-ca.pem")), settings.certificateFiles());
 * }</pre>
 */
public final class UpstreamCertificates {

    private static final Pattern CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]+-----END CERTIFICATE-----");

    private UpstreamCertificates() {
    }

    /** The certificates of the caller's files or folders, then of the settings' files. */
    public static String read(List<Path> given, List<Path> fromSettings) {
        StringBuilder pem = new StringBuilder();
        for (Path path : given) {
            for (Path file : files(path)) {
                List<String> found = certificates(file);
                if (found.isEmpty()) {
                    throw new InvalidSandboxConfigException("The file " + file + " holds no PEM certificate"
                            + " (-----BEGIN CERTIFICATE-----): give the certificate authorities the real hosts' certificates"
                            + " are signed by.");
                }
                found.forEach(c -> pem.append(c).append('\n'));
            }
        }
        for (Path file : fromSettings) {
            certificates(file).forEach(c -> pem.append(c).append('\n'));
        }
        return pem.toString();
    }

    private static List<Path> files(Path path) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new InvalidSandboxConfigException("Cannot list the certificate folder " + path + ": " + e.getMessage());
        }
    }

    private static List<String> certificates(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new InvalidSandboxConfigException("Cannot read the certificate file " + file + " ("
                    + e.getClass().getSimpleName() + "): give a readable PEM file.");
        }
        List<String> found = new ArrayList<>();
        Matcher matcher = CERTIFICATE.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }
}
