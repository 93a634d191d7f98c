package dev.sandboxes.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandboxes.Sandbox;
import dev.sandboxes.errors.SandboxException;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A sandbox's description and audit log as MCP resources, for clients that show or attach
 * resources: {@code sandbox://{sandbox}/info} and {@code sandbox://{sandbox}/audit-log}, JSON. The
 * policy applies as for the tools: a sandbox outside the allowed roots reads as absent.
 */
final class SandboxResources {

    private static final String SCHEME = "sandbox://";
    /** JSON-RPC's "invalid params", which MCP uses for a resource that is not there. */
    private static final int NOT_FOUND = -32602;

    private final ObjectMapper json = new ObjectMapper();
    private final SandboxAccess access;

    SandboxResources(SandboxAccess access) {
        this.access = access;
    }

    List<McpServerFeatures.SyncResourceTemplateSpecification> templates() {
        return List.of(
                template("info", "A sandbox's description: status, workspace, agent, template, user, branch, ports.",
                        sandbox -> LifecycleTools.info(sandbox.info(), sandbox, access.openedHere(sandbox.id()))),
                template("audit-log", "The commands run in a sandbox, oldest first.",
                        sandbox -> Map.of("entries", sandbox.auditLog().stream().map(ChangeTools::entry).toList())));
    }

    private McpServerFeatures.SyncResourceTemplateSpecification template(String part, String description,
            java.util.function.Function<Sandbox, Map<String, Object>> content) {
        McpSchema.ResourceTemplate template = McpSchema.ResourceTemplate.builder()
                .uriTemplate(SCHEME + "{sandbox}/" + part)
                .name("sandbox-" + part)
                .description(description)
                .mimeType("application/json")
                .build();
        BiFunction<io.modelcontextprotocol.server.McpSyncServerExchange, McpSchema.ReadResourceRequest,
                McpSchema.ReadResourceResult> read = (exchange, request) -> {
                    String uri = request.uri();
                    String suffix = "/" + part;
                    if (!uri.startsWith(SCHEME) || !uri.endsWith(suffix) || uri.length() <= SCHEME.length() + suffix.length()) {
                        throw notFound("There is no resource " + uri + ": use " + SCHEME + "<sandbox>" + suffix + ".");
                    }
                    String reference = uri.substring(SCHEME.length(), uri.length() - suffix.length());
                    try {
                        String text = json.writeValueAsString(content.apply(access.sandbox(reference)));
                        return new McpSchema.ReadResourceResult(List.of(
                                new McpSchema.TextResourceContents(uri, "application/json", text)));
                    } catch (ToolException | SandboxException e) {
                        throw notFound(e.getMessage());
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw notFound("The resource " + uri + " could not be written as JSON: " + e.getMessage());
                    }
                };
        return new McpServerFeatures.SyncResourceTemplateSpecification(template, read);
    }

    private static McpError notFound(String message) {
        return McpError.builder(NOT_FOUND).message(message).build();
    }
}
