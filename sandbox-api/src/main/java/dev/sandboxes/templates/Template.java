package dev.sandboxes.templates;

import dev.sandboxes.errors.InvalidSandboxConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a sandbox is created from: an image that exists (or is pulled), or a Dockerfile the library
 * builds locally. The built-in agents' templates are Dockerfiles shipped inside this library;
 * read them with {@link Built#dockerfile()}.
 *
 * <pre>{@code
 * Template claude = Template.builtIn("claude");
 * System.out.println(((Template.Built) claude).dockerfile());
 * Template withPsql = claude.withPackages(List.of("postgresql-client"));
 * Template node = Template.image("node:22");
 * }</pre>
 */
public sealed interface Template permits Template.Image, Template.Built {

    /** Where the shipped Dockerfiles are, as class-path resources: {@code <name>/Dockerfile}. */
    String RESOURCES = "dev/sandboxes/templates/";
    /**
     * The repository built templates are tagged under. Its host is in {@code .invalid}, a domain that
     * by RFC 6761 never resolves: were a built image ever missing and asked for, the engine could not
     * pull a stranger's image under its name.
     */
    String REPOSITORY = "sandboxes.invalid/";
    /** How a built template is named in a sandbox's labels: {@code builtin:claude}. */
    String BUILT_PREFIX = "builtin:";

    /** An existing image, such as {@code "node:22"}: used as it is, pulled when the engine lacks it. */
    static Template image(String reference) {
        return new Image(reference);
    }

    /**
     * The template shipped with this library under that name: {@code base} (the toolbox every
     * agent builds on), {@code claude}, {@code gemini}, {@code codex}, or {@code egress-proxy} (the
     * proxy of a sandbox with a network policy).
     *
     * @throws InvalidSandboxConfigException when there is none of that name
     */
    static Built builtIn(String name) {
        Objects.requireNonNull(name, "name");
        String dockerfile = resource(name).orElseThrow(() -> new InvalidSandboxConfigException(
                "No template named '" + name + "' is shipped with this library: there are base, claude, gemini and codex."));
        // The agents' templates build on the toolbox (FROM ${BASE}); the toolbox and the egress proxy on Debian.
        Optional<Template> parent = dockerfile.contains("FROM ${BASE}\n") ? Optional.of(builtIn(Built.BASE)) : Optional.empty();
        return new Built(name, dockerfile, Map.of(), parent);
    }

    /** How a sandbox's labels name this template, as requested: {@code builtin:claude}, or the image. */
    String label();

    /**
     * This template with extra Debian packages installed, built on top of it (with apt-get).
     *
     * @throws InvalidSandboxConfigException when a package name is not a Debian package name
     */
    default Template withPackages(List<String> packages) {
        Objects.requireNonNull(packages, "packages");
        if (packages.isEmpty()) {
            return this;
        }
        TreeSet<String> sorted = new TreeSet<>();
        for (String name : packages) {
            if (!Built.PACKAGE_NAME.matcher(Objects.requireNonNull(name, "package")).matches()) {
                throw new InvalidSandboxConfigException("'" + name + "' is not a Debian package name: use names such as"
                        + " \"postgresql-client\" (lower case letters, digits, + - and .).");
            }
            sorted.add(name);
        }
        String list = String.join(" ", sorted);
        String dockerfile = "# Extra Debian packages on top of " + label() + ".\n"
                + "ARG BASE\nFROM ${BASE}\nUSER root\n"
                + "RUN apt-get update \\\n && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "
                + list + " \\\n && rm -rf /var/lib/apt/lists/*\n";
        String name = this instanceof Built built ? built.name() : "image";
        return new Built(name + "-extra", dockerfile, Map.of(), Optional.of(this),
                label() + "+" + String.join(",", sorted));
    }

    private static Optional<String> resource(String name) {
        if (!Built.NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        // Through the class, not its loader: on the module path the folders of the Dockerfiles are
        // packages of this module that are not opened, which a class loader may not read.
        try (InputStream in = Template.class.getResourceAsStream("/" + RESOURCES + name + "/Dockerfile")) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the shipped template " + name, e);
        }
    }

    /**
     * An image used as it is.
     *
     * @param reference the image, such as {@code "node:22"} or {@code "registry.example.com/team/img:1"}
     */
    record Image(String reference) implements Template {
        public Image {
            Objects.requireNonNull(reference, "reference");
            reference = reference.strip();
            if (reference.isEmpty()) {
                throw new InvalidSandboxConfigException("The template image name is blank: give an image such as \"debian:trixie\".");
            }
            if (reference.startsWith(BUILT_PREFIX)) {
                throw new InvalidSandboxConfigException("'" + reference + "' names a built-in template, not an image:"
                        + " use agent(\"" + reference.substring(BUILT_PREFIX.length()) + "\") or Template.builtIn(...).");
            }
        }

        @Override
        public String label() {
            return reference;
        }
    }

    /**
     * A template built locally from a Dockerfile and tagged {@code sandboxes.invalid/<name>:<hash>}, the
     * hash taken over everything that goes into the build; an unchanged template is never rebuilt.
     * The Dockerfile is built with a context holding only an {@code extra-ca/} folder (the
     * certificates of {@link TemplateSettings#caCertificates()}). A template with a parent is built
     * {@code FROM} it: its Dockerfile declares {@code ARG BASE} and starts {@code FROM ${BASE}}.
     *
     * @param name       the template's name, lower case: {@code claude}
     * @param dockerfile the Dockerfile's text
     * @param buildArgs  build arguments, besides {@code BASE} and {@code BASE_IMAGE} which the library sets
     * @param parent     the template this one is built on
     * @param label      how sandboxes' labels name it
     */
    record Built(String name, String dockerfile, Map<String, String> buildArgs, Optional<Template> parent,
                 String label) implements Template {

        /** The shipped toolbox: the template of the {@code shell} agent, and the parent of the others. */
        public static final String BASE = "base";
        static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");
        static final Pattern PACKAGE_NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+");

        public Built {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new InvalidSandboxConfigException("The template name '" + name + "' is not usable in an image"
                        + " name: use lower case letters, digits, '.', '_' and '-'.");
            }
            Objects.requireNonNull(dockerfile, "dockerfile");
            if (resource(name).filter(shipped -> !shipped.equals(dockerfile)).isPresent()) {
                throw new InvalidSandboxConfigException("'" + name + "' is the name of a template shipped with this"
                        + " library: give your own template another name, so their images and labels stay apart.");
            }
            buildArgs = Collections.unmodifiableMap(new TreeMap<>(buildArgs));
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(label, "label");
        }

        /** A template of your own, from a Dockerfile's text, labelled {@code builtin:<name>}. */
        public Built(String name, String dockerfile, Map<String, String> buildArgs, Optional<Template> parent) {
            this(name, dockerfile, buildArgs, parent, BUILT_PREFIX + name);
        }

        /**
         * The image this template is built as with these settings: {@code sandboxes.invalid/claude:<hash>}.
         *
         * @throws InvalidSandboxConfigException when a certificate of the settings cannot be read
         */
        public String imageTag(TemplateSettings settings) {
            return imageTag(settings.fingerprint());
        }

        /** The image this template is built as with settings of this {@link TemplateSettings#fingerprint()}. */
        public String imageTag(String settingsFingerprint) {
            return REPOSITORY + name + ":" + contentHash(settingsFingerprint);
        }

        /** A hash of everything that goes into the build: a change of any of it is a new image. */
        private String contentHash(String settingsFingerprint) {
            java.security.MessageDigest digest = TemplateHash.sha256();
            TemplateHash.update(digest, "context", String.valueOf(TemplateHash.CONTEXT_VERSION));
            TemplateHash.update(digest, "name", name);
            TemplateHash.update(digest, "dockerfile", dockerfile.replace("\r\n", "\n"));
            buildArgs.forEach((key, value) -> TemplateHash.update(digest, "arg " + key, value));
            parent.ifPresent(from -> TemplateHash.update(digest, "parent", from instanceof Built built
                    ? built.imageTag(settingsFingerprint) : ((Image) from).reference()));
            TemplateHash.update(digest, "settings", settingsFingerprint);
            return TemplateHash.hex(digest, TemplateHash.TAG_HEX_DIGITS);
        }

        /** The stable local name of its latest build, for Dockerfiles of your own: {@code FROM sandboxes.invalid/claude:latest}. */
        public String latestTag() {
            return REPOSITORY + name + ":latest";
        }

        /** Whether its Dockerfile uses the base image setting ({@code ARG BASE_IMAGE}). */
        public boolean usesBaseImage() {
            return dockerfile.lines().anyMatch(line -> line.strip().startsWith("ARG BASE_IMAGE"));
        }

        @Override
        public String toString() {
            return "Template.Built[" + label + "]";
        }
    }
}
