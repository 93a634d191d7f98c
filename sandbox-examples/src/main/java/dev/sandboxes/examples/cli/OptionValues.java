package dev.sandboxes.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the values of options as Docker's CLI writes them: {@code KEY=VALUE}, env files,
 * {@code HOST:SANDBOX[:ro]}, {@code [HOST:]SANDBOX}. A bad value is a {@link BadValueException}
 * saying what is wrong and what is expected, which {@link Errors} reports as a usage error.
 */
final class OptionValues {

    private OptionValues() {
    }

    /** An option's value that is malformed. */
    static final class BadValueException extends IllegalArgumentException {
        BadValueException(String message) {
            super(message);
        }
    }

    /** A time as people write it: {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d}. */
    static java.time.Duration duration(String option, String value) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("(\\d+)([smhd])").matcher(value.strip());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw new BadValueException("bad " + option + " '" + value + "': give a positive whole number and a unit,"
                    + " s, m, h or d, such as 30m or 7d.");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> java.time.Duration.ofSeconds(amount);
            case "m" -> java.time.Duration.ofMinutes(amount);
            case "h" -> java.time.Duration.ofHours(amount);
            default -> java.time.Duration.ofDays(amount);
        };
    }

    /** Arguments for the agent or a command, without the {@code --} that may separate them from the CLI's. */
    static List<String> passedOn(List<String> args) {
        return !args.isEmpty() && args.get(0).equals("--") ? args.subList(1, args.size()) : args;
    }

    /** An extra mount: the host folder, where it appears in the sandbox, and whether read-only. */
    record Volume(Path host, String sandbox, boolean readOnly) {
    }

    /** A published port: the host port (0 for one the engine picks) and the sandbox's port. */
    record Port(int host, int sandbox) {
    }

    /**
     * {@code KEY=VALUE}, or {@code KEY} alone for the value of this process's variable of that name.
     *
     * @param host this process's environment, by name
     */
    static Map.Entry<String, String> env(String value, Function<String, String> host) {
        int equals = value.indexOf('=');
        String key = equals < 0 ? value : value.substring(0, equals);
        if (key.isBlank() || key.contains(" ")) {
            throw new BadValueException("bad -e '" + value + "': give KEY=VALUE (or KEY to take this shell's value).");
        }
        if (equals < 0) {
            String inherited = host.apply(key);
            if (inherited == null) {
                throw new BadValueException("bad -e '" + value + "': " + key + " is not set here; give KEY=VALUE.");
            }
            return Map.entry(key, inherited);
        }
        return Map.entry(key, value.substring(equals + 1));
    }

    private static final java.util.regex.Pattern VARIABLE = java.util.regex.Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /**
     * A credential rule from {@code HOST:HEADER=FORMAT}, where the format holds exactly one
     * {@code ${VAR}}: the secret, read from this process's environment (never from the command line).
     */
    static dev.sandboxes.network.CredentialRule injectedHeader(String value, Function<String, String> host) {
        int colon = value.indexOf(':');
        int equals = value.indexOf('=', Math.max(colon, 0));
        if (colon <= 0 || equals <= colon + 1) {
            throw new BadValueException("bad --inject-header '" + value + "': give HOST:HEADER=FORMAT, such as"
                    + " 'api.github.com:Authorization=Bearer ${GH_TOKEN}'.");
        }
        String format = value.substring(equals + 1);
        java.util.regex.Matcher variable = VARIABLE.matcher(format);
        if (!variable.find() || variable.find()) {
            throw new BadValueException("bad --inject-header '" + value + "': its format must name the secret as exactly one"
                    + " ${VAR}, a variable of this shell (put the secret in a variable, never on the command line).");
        }
        variable.reset().find();
        String secret = host.apply(variable.group(1));
        if (secret == null || secret.isEmpty()) {
            throw new BadValueException("bad --inject-header '" + value + "': " + variable.group(1) + " is not set here;"
                    + " export it before running the command.");
        }
        try {
            return dev.sandboxes.network.CredentialRule.header(value.substring(0, colon), value.substring(colon + 1, equals),
                    format.substring(0, variable.start()) + dev.sandboxes.network.CredentialRule.SECRET + format.substring(variable.end()),
                    dev.sandboxes.network.Secret.of(secret));
        } catch (dev.sandboxes.errors.InvalidSandboxConfigException e) {
            throw new BadValueException("bad --inject-header '" + value + "': " + e.getMessage());
        }
    }

    /** The variables of an env file: {@code KEY=VALUE} lines; blank lines and {@code #} comments skipped. */
    static Map<String, String> envFile(Path file, Function<String, String> host) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new BadValueException("cannot read the env file " + file + ": " + e.getMessage());
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String trimmed = lines.get(i).strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                try {
                    Map.Entry<String, String> entry = env(trimmed, host);
                    env.put(entry.getKey(), entry.getValue());
                } catch (BadValueException e) {
                    throw new BadValueException("in the env file " + file + ", line " + (i + 1) + ": " + e.getMessage());
                }
            }
        }
        return env;
    }

    /** {@code HOST:SANDBOX}, {@code HOST:SANDBOX:ro} or {@code HOST:SANDBOX:rw}; the host path relative to here. */
    static Volume volume(String value) {
        String[] parts = value.split(":", -1);
        boolean flagged = parts.length == 3 && (parts[2].equals("ro") || parts[2].equals("rw"));
        if ((parts.length != 2 && !flagged) || parts[0].isEmpty() || !parts[1].startsWith("/")) {
            throw new BadValueException("bad -v '" + value + "': give HOST:SANDBOX or HOST:SANDBOX:ro, with an"
                    + " absolute SANDBOX path, such as ./data:/data:ro.");
        }
        return new Volume(Path.of(parts[0]), parts[1], flagged && parts[2].equals("ro"));
    }

    /** A size as Docker writes it: bytes, or a number with b, k, m or g (powers of 1024), such as {@code 512m}. */
    static long bytes(String option, String value) {
        java.util.regex.Matcher size = java.util.regex.Pattern.compile("(\\d+)([bkmg]?)").matcher(value.strip().toLowerCase(java.util.Locale.ROOT));
        if (!size.matches()) {
            throw new BadValueException("bad " + option + " '" + value + "': give a size such as 512m or 4g.");
        }
        int shift = switch (size.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        return Long.parseLong(size.group(1)) << shift;
    }

    /** {@code SANDBOX} or {@code HOST:SANDBOX}, ports from 1 to 65535. */
    static Port port(String value) {
        String[] parts = value.split(":", -1);
        try {
            if (parts.length == 1) {
                return new Port(0, portNumber(parts[0]));
            }
            if (parts.length == 2) {
                return new Port(portNumber(parts[0]), portNumber(parts[1]));
            }
        } catch (NumberFormatException e) {
            // Said below.
        }
        throw new BadValueException("bad -p '" + value + "': give SANDBOX or HOST:SANDBOX ports, such as 8080"
                + " or 18080:8080.");
    }

    private static int portNumber(String text) {
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new NumberFormatException(text);
        }
        return port;
    }
}
