package dev.sandboxes.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** This library's version, as the build wrote it into {@code dev/sandboxes/version.properties}. */
public final class LibraryVersion {

    /** The version, or {@code unknown} when the build did not record it. */
    public static final String VERSION = readVersion();

    private LibraryVersion() {
    }

    private static String readVersion() {
        try (InputStream in = LibraryVersion.class.getResourceAsStream("/dev/sandboxes/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
