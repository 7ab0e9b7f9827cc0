package dev.mcpgateway.it.support;

import static org.awaitility.Awaitility.await;

import dev.mcpgateway.interop.Json;
import dev.mcpgateway.interop.SdkClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * The gateway's view of its backends, read with {@code gateway_list_servers} sent as a plain
 * JSON-RPC method (available in meta and flat mode alike).
 */
public final class GatewayServers {

    private GatewayServers() {}

    /** The {@code servers} array of gateway_list_servers. */
    public static JsonNode list(SdkClient client) {
        return client.request("gateway_list_servers", Json.object()).result().path("servers");
    }

    /** One backend's entry ({name, status, transport, tools, error?...}), or a missing node. */
    public static JsonNode entry(SdkClient client, String name) {
        for (JsonNode server : list(client)) {
            if (name.equals(server.path("name").asString())) {
                return server;
            }
        }
        return MissingNode.getInstance();
    }

    /** Backend name to status ("starting", "ready", "unavailable"...). */
    public static Map<String, String> statuses(SdkClient client) {
        Map<String, String> statuses = new LinkedHashMap<>();
        for (JsonNode server : list(client)) {
            statuses.put(server.path("name").asString(), server.path("status").asString());
        }
        return statuses;
    }

    /**
     * Waits until every backend is ready: several JVM backends starting at once on a small machine
     * may miss a short initialize timeout and be retried with backoff before they make it.
     */
    public static void awaitAllReady(SdkClient client, Duration timeout) {
        await("every backend ready").atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> statuses(client), s -> !s.isEmpty() && s.values().stream().allMatch("ready"::equals));
    }
}
