package dev.sandboxes.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sandboxes.SandboxInfo;
import dev.sandboxes.SandboxSummary;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON of {@code ls --json} and {@code inspect}: snake_case keys, stable for scripts. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    static Map<String, Object> summary(SandboxSummary s) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", s.id());
        fields.put("name", s.name());
        fields.put("workspace", s.workspace().toString());
        fields.put("created_at", s.created().toString());
        fields.put("status", s.status().name().toLowerCase());
        fields.put("agent", s.agent());
        fields.put("template", s.template());
        return fields;
    }

    /** Everything {@code inspect} shows; secret env values come masked from the library. */
    static Map<String, Object> info(SandboxInfo info) {
        Map<String, Object> fields = summary(info.summary());
        fields.put("template_outdated", info.templateOutdated());
        fields.put("labels", info.labels());
        fields.put("env", info.env());
        fields.put("mounts", info.mounts().stream().map(m -> Map.of("host", m.hostPath().toString(),
                "sandbox", m.sandboxPath(), "read_only", m.readOnly())).toList());
        fields.put("ports", info.ports().stream().map(p -> Map.of("sandbox", p.sandboxPort(),
                "host_address", p.hostAddress(), "host", p.hostPort())).toList());
        fields.put("docker_socket", info.dockerSocket());
        info.agentUser().ifPresent(user -> fields.put("agent_user", Map.of("name", user.name(), "uid", user.uid(),
                "gid", user.gid(), "sudo", user.sudo())));
        return fields;
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Plain maps and lists always serialise", e);
        }
    }
}
