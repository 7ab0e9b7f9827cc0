package dev.mcpgateway.interop;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How the SDK client connects: the client capabilities it declares, its clientInfo, a forced
 * initialize protocol version, extra HTTP headers, and whether the driver reports every message
 * the client sends ({@code trace}). Immutable; {@code with*} return copies.
 *
 * @param capabilities client capabilities sent in initialize (roots, sampling, elicitation, ...)
 * @param clientName clientInfo.name
 * @param clientVersion clientInfo.version
 * @param protocolVersion version to request in initialize instead of the SDK's latest; null = SDK default
 * @param headers extra HTTP headers on every request (HTTP and SSE transports)
 * @param trace true: the driver emits a {@code sent} event for every outgoing message
 * @param initializeTimeout SDK timeout for the initialize request; null = SDK default (60 s)
 * @param inheritEnv stdio: pass the driver's whole environment to the server (otherwise only the
 *     SDK's defaults, HOME, PATH, ..., plus the given env)
 */
public record ConnectOptions(
        ObjectNode capabilities,
        String clientName,
        String clientVersion,
        String protocolVersion,
        Map<String, String> headers,
        boolean trace,
        Duration initializeTimeout,
        boolean inheritEnv) {

    public ConnectOptions {
        capabilities = capabilities == null ? Json.object() : capabilities.deepCopy();
        headers = Map.copyOf(headers == null ? Map.of() : headers);
    }

    /** No client capabilities, clientInfo {@code mcp-gateway-interop-test 1.0.0}. */
    public static ConnectOptions defaults() {
        return new ConnectOptions(null, "mcp-gateway-interop-test", "1.0.0", null, Map.of(), false, null, false);
    }

    /** roots {listChanged}, sampling {} and elicitation {form, url}: what a full-featured client declares. */
    public static ConnectOptions allClientFeatures() {
        return defaults().withRoots(true).withSampling().withElicitation(true, true);
    }

    @Override
    public ObjectNode capabilities() {
        return capabilities.deepCopy();
    }

    public ConnectOptions withCapability(String name, JsonNode value) {
        ObjectNode caps = capabilities.deepCopy();
        caps.set(name, value.deepCopy());
        return new ConnectOptions(caps, clientName, clientVersion, protocolVersion, headers, trace, initializeTimeout, inheritEnv);
    }

    public ConnectOptions withRoots(boolean listChanged) {
        ObjectNode roots = Json.object();
        if (listChanged) {
            roots.put("listChanged", true);
        }
        return withCapability("roots", roots);
    }

    public ConnectOptions withSampling() {
        return withCapability("sampling", Json.object());
    }

    /** elicitation with the given modes; both false declares {@code {}} (form only, the pre-2025-11-25 form). */
    public ConnectOptions withElicitation(boolean form, boolean url) {
        ObjectNode elicitation = Json.object();
        if (form) {
            elicitation.set("form", Json.object());
        }
        if (url) {
            elicitation.set("url", Json.object());
        }
        return withCapability("elicitation", elicitation);
    }

    public ConnectOptions withClientInfo(String name, String version) {
        return new ConnectOptions(capabilities, name, version, protocolVersion, headers, trace, initializeTimeout, inheritEnv);
    }

    public ConnectOptions withProtocolVersion(String version) {
        return new ConnectOptions(capabilities, clientName, clientVersion, version, headers, trace, initializeTimeout, inheritEnv);
    }

    public ConnectOptions withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ConnectOptions(capabilities, clientName, clientVersion, protocolVersion, copy, trace, initializeTimeout, inheritEnv);
    }

    public ConnectOptions withTrace() {
        return new ConnectOptions(capabilities, clientName, clientVersion, protocolVersion, headers, true, initializeTimeout, inheritEnv);
    }

    public ConnectOptions withInitializeTimeout(Duration timeout) {
        return new ConnectOptions(capabilities, clientName, clientVersion, protocolVersion, headers, trace, timeout, inheritEnv);
    }

    public ConnectOptions withInheritedEnv() {
        return new ConnectOptions(capabilities, clientName, clientVersion, protocolVersion, headers, trace, initializeTimeout, true);
    }

    /** The fields of the driver's connect command that these options set. */
    void writeTo(ObjectNode command) {
        command.set("capabilities", capabilities.deepCopy());
        ObjectNode clientInfo = command.putObject("clientInfo");
        clientInfo.put("name", clientName);
        clientInfo.put("version", clientVersion);
        if (protocolVersion != null) {
            command.put("protocolVersion", protocolVersion);
        }
        if (!headers.isEmpty()) {
            ObjectNode h = command.putObject("headers");
            headers.forEach(h::put);
        }
        if (trace) {
            command.put("trace", true);
        }
        if (initializeTimeout != null) {
            command.put("timeoutMs", initializeTimeout.toMillis());
        }
        if (inheritEnv) {
            command.put("inheritEnv", true);
        }
    }
}
