package dev.sandboxes.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Ports;
import dev.sandboxes.core.SandboxInfo;
import dev.sandboxes.core.SandboxLabels;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.network.PublishedPort;
import dev.sandboxes.spi.LabelCodec;
import dev.sandboxes.spi.SecretNames;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Turns docker-java's views of a container into the API's value types. */
final class ContainerMapper {

    private ContainerMapper() {
    }

    static SandboxSummary summary(Container container) {
        Map<String, String> labels = labels(container.getLabels());
        return new SandboxSummary(container.getId(), nameOf(container), workspace(labels),
                labels.getOrDefault(SandboxLabels.AGENT, ""), labels.getOrDefault(SandboxLabels.TEMPLATE, ""),
                status(container.getState()), Instant.ofEpochSecond(Objects.requireNonNullElse(container.getCreated(), 0L)),
                labels);
    }

    static SandboxSummary summary(InspectContainerResponse container) {
        Map<String, String> labels = labels(container.getConfig().getLabels());
        return new SandboxSummary(container.getId(), stripSlash(container.getName()), workspace(labels),
                labels.getOrDefault(SandboxLabels.AGENT, ""), labels.getOrDefault(SandboxLabels.TEMPLATE, ""),
                status(container.getState().getStatus()), Instant.parse(container.getCreated()), labels);
    }

    /** Everything about a sandbox; of its environment, only the variables asked for at creation, masked. */
    static SandboxInfo info(InspectContainerResponse container) {
        SandboxSummary summary = summary(container);
        Set<String> asked = new HashSet<>(LabelCodec.envNames(summary.labels()));
        Map<String, String> env = new LinkedHashMap<>();
        String[] variables = container.getConfig().getEnv();
        if (variables != null) {
            for (String variable : variables) {
                int equals = variable.indexOf('=');
                String name = equals < 0 ? variable : variable.substring(0, equals);
                if (asked.contains(name)) {
                    env.put(name, SecretNames.mask(name, equals < 0 ? "" : variable.substring(equals + 1)));
                }
            }
        }
        Optional<Instant> stoppedAt = summary.status() == SandboxStatus.STOPPED
                ? engineTime(container.getState().getFinishedAt()) : Optional.empty();
        // Whether its template is outdated is the API's to tell.
        return new SandboxInfo(summary, env, LabelCodec.mounts(summary.labels()),
                Boolean.parseBoolean(summary.labels().get(LabelCodec.DOCKER_SOCKET)), ports(container),
                LabelCodec.agentUser(summary.labels()),
                Boolean.parseBoolean(summary.labels().getOrDefault(LabelCodec.WORKSPACE_WRITABLE, "true")), false,
                container.getHostConfig() == null ? dev.sandboxes.core.Limits.defaults() : EngineLimits.of(container.getHostConfig()),
                stoppedAt);
    }

    /** The engine's times are RFC 3339 with nanoseconds; a never-set one is year 1. */
    private static Optional<Instant> engineTime(String text) {
        if (text == null || text.isEmpty() || text.startsWith("0001-")) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.time.OffsetDateTime.parse(text).toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The host ports the engine bound; none while the sandbox is not running. */
    static List<PublishedPort> ports(InspectContainerResponse container) {
        List<PublishedPort> ports = new ArrayList<>();
        if (container.getNetworkSettings() == null || container.getNetworkSettings().getPorts() == null) {
            return ports;
        }
        container.getNetworkSettings().getPorts().getBindings().forEach((exposed, bindings) -> {
            if (bindings != null) {
                for (Ports.Binding binding : bindings) {
                    if (binding.getHostPortSpec() != null && !binding.getHostPortSpec().isEmpty()) {
                        ports.add(new PublishedPort(exposed.getPort(), String.valueOf(binding.getHostIp()),
                                Integer.parseInt(binding.getHostPortSpec())));
                    }
                }
            }
        });
        ports.sort(Comparator.comparingInt(PublishedPort::sandboxPort));
        return ports;
    }

    /** Docker's state words: created, running, paused, restarting, removing, exited, dead. */
    static SandboxStatus status(String state) {
        return switch (String.valueOf(state)) {
            case "created" -> SandboxStatus.CREATED;
            case "running" -> SandboxStatus.RUNNING;
            case "paused" -> SandboxStatus.PAUSED;
            case "restarting" -> SandboxStatus.RESTARTING;
            case "removing" -> SandboxStatus.REMOVED;
            default -> SandboxStatus.STOPPED;
        };
    }

    static String nameOf(Container container) {
        String[] names = container.getNames();
        return names == null || names.length == 0 ? container.getId() : stripSlash(names[0]);
    }

    private static Path workspace(Map<String, String> labels) {
        return Path.of(labels.getOrDefault(SandboxLabels.WORKSPACE, "/"));
    }

    private static Map<String, String> labels(Map<String, String> labels) {
        return labels == null ? Map.of() : labels;
    }

    /** The engine reports names with a leading slash. */
    private static String stripSlash(String name) {
        return name != null && name.startsWith("/") ? name.substring(1) : String.valueOf(name);
    }
}
