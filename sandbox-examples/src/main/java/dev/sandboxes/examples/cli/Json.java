package dev.sandboxes.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sandboxes.core.SandboxInfo;
import dev.sandboxes.core.SandboxSummary;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The JSON of {@code ls --json} and {@code inspect}: snake_case keys, stable for scripts. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper COMPACT = new ObjectMapper();

    private Json() {
    }

    static Map<String, Object> summary(SandboxSummary s) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", s.id());
        fields.put("name", s.name());
        fields.put("workspace", s.workspace().toString());
        fields.put("created_at", s.created().toString());
        fields.put("status", s.status().name().toLowerCase(Locale.ROOT));
        fields.put("agent", s.agent());
        fields.put("template", s.template());
        return fields;
    }

    /** Everything {@code inspect} shows; secret env values come masked from the library. */
    static Map<String, Object> info(SandboxInfo info) {
        Map<String, Object> fields = summary(info.summary());
        fields.put("template_outdated", info.templateOutdated());
        fields.put("labels", new TreeMap<>(info.labels()));
        fields.put("env", new TreeMap<>(info.env()));
        fields.put("mounts", info.mounts().stream().map(m -> ordered("host", m.hostPath().toString(),
                "sandbox", m.sandboxPath(), "read_only", m.readOnly())).toList());
        fields.put("ports", info.ports().stream().map(p -> ordered("sandbox", p.sandboxPort(),
                "host_address", p.hostAddress(), "host", p.hostPort())).toList());
        fields.put("docker_socket", info.dockerSocket());
        fields.put("network", info.labels().getOrDefault(dev.sandboxes.core.SandboxLabels.NETWORK, "open"));
        Map<String, Object> limits = new LinkedHashMap<>();
        info.limits().cpus().ifPresent(cpus -> limits.put("cpus", cpus));
        info.limits().memoryBytes().ifPresent(memory -> limits.put("memory_bytes", memory));
        info.limits().swapBytes().ifPresent(swap -> limits.put("swap_bytes", swap));
        info.limits().pids().ifPresent(pids -> limits.put("pids", pids));
        fields.put("limits", limits);
        info.agentUser().ifPresent(user -> fields.put("agent_user", ordered("name", user.name(), "uid", user.uid(),
                "gid", user.gid(), "sudo", user.sudo())));
        return fields;
    }

    /** A map that keeps its keys in the order given: scripts and diffs see the same JSON every time. */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** One audit entry on one line, as the log keeps it. */
    static String auditLine(dev.sandboxes.exec.AuditEntry entry) {
        Map<String, Object> line = ordered("time", entry.time().toString(),
                "kind", entry.kind().name().toLowerCase(java.util.Locale.ROOT), "user", entry.user(), "argv", entry.argv());
        entry.exitCode().ifPresent(code -> line.put("exitCode", code));
        entry.duration().ifPresent(duration -> line.put("durationMillis", duration.toMillis()));
        entry.failure().ifPresent(failure -> line.put("failure", failure));
        try {
            return COMPACT.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Plain maps and lists always serialise", e);
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Plain maps and lists always serialise", e);
        }
    }
}
