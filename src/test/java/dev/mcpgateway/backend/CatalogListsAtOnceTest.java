package dev.mcpgateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.config.SessionMode;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.testing.IgnoredBackendEvents;
import dev.mcpgateway.testing.TestConfigs;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A backend's four lists are asked for at once after {@code initialize}: this server answers
 * none of them until it has received all four, which a fetch that waited for each answer before
 * the next request would never get past.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CatalogListsAtOnceTest {

    private static final List<String> LISTS = List.of("tools/list", "prompts/list", "resources/list", "resources/templates/list");

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private Backend backend;

    @AfterEach
    void stop() {
        if (backend != null) {
            backend.stop();
        }
        scheduler.shutdownNow();
    }

    @Test
    void theListsAreInFlightTogether() {
        AnswersWhenAllListsArrived server = new AnswersWhenAllListsArrived();
        backend = new Backend(TestConfigs.backend("lists", "lists", SessionMode.SHARED, Duration.ofSeconds(5)), config -> server,
                IgnoredBackendEvents.INSTANCE, JsonValue.parse("{\"name\":\"test\",\"version\":\"1\"}"), scheduler,
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(100)));
        backend.start();
        backend.awaitFirstAttempt(Duration.ofSeconds(10));

        BackendCatalog catalog = backend.catalog(null);
        assertThat(catalog.tools()).extracting(t -> t.getString("name")).containsExactly("t");
        assertThat(catalog.prompts()).extracting(p -> p.getString("name")).containsExactly("p");
        assertThat(catalog.resources()).extracting(r -> r.getString("uri")).containsExactly("test://r");
        assertThat(catalog.resourceTemplates()).extracting(t -> t.getString("uriTemplate")).containsExactly("test://t/{id}");
        assertThat(server.listsReceived).containsExactlyInAnyOrderElementsOf(LISTS);
    }

    private static final class AnswersWhenAllListsArrived implements UpstreamTransport {

        final Set<String> listsReceived = ConcurrentHashMap.newKeySet();
        private final CountDownLatch allLists = new CountDownLatch(LISTS.size());
        private volatile Listener listener;

        @Override
        public void start(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void send(JsonRpcMessage message) {
            if (message instanceof JsonRpcRequest request) {
                if (LISTS.contains(request.method()) && listsReceived.add(request.method())) {
                    allLists.countDown();
                }
                Thread.ofVirtual().start(() -> answer(request));
            }
        }

        private void answer(JsonRpcRequest request) {
            if (LISTS.contains(request.method())) {
                try {
                    // longer than the backend's 5 s timeout would be needed if the lists came one by one
                    if (!allLists.await(8, TimeUnit.SECONDS)) {
                        return; // never answered: the fetch times out and the test fails
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            String result = switch (request.method()) {
                case "initialize" -> "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{},\"prompts\":{},\"resources\":{}},"
                        + "\"serverInfo\":{\"name\":\"lists\",\"version\":\"1\"}}";
                case "tools/list" -> "{\"tools\":[{\"name\":\"t\",\"inputSchema\":{\"type\":\"object\"}}]}";
                case "prompts/list" -> "{\"prompts\":[{\"name\":\"p\"}]}";
                case "resources/list" -> "{\"resources\":[{\"uri\":\"test://r\",\"name\":\"r\"}]}";
                case "resources/templates/list" -> "{\"resourceTemplates\":[{\"uriTemplate\":\"test://t/{id}\",\"name\":\"t\"}]}";
                default -> "{}";
            };
            listener.onMessage(JsonRpc.result(request.id(), JsonValue.parse(result)), null);
        }

        @Override
        public String kind() {
            return "test";
        }

        @Override
        public void close() {}
    }
}
