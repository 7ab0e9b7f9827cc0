package dev.mcpgateway.backend;

import dev.mcpgateway.testing.IgnoredBackendEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpgateway.config.SessionMode;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.session.ClientSession;
import dev.mcpgateway.testing.TestConfigs;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A backend that announces {@code tools/list_changed} while the gateway is still reading its
 * first catalog (server-everything does: it registers tools that depend on the client's
 * capabilities right after {@code initialized}). The refresh must neither be lost nor wipe the
 * prompts and resources of the first catalog.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BackendListChangedDuringStartupTest {

    private static final JsonValue CLIENT_INFO = JsonValue.parse("{\"name\":\"test\",\"version\":\"1\"}");
    private static final List<String> ALL_TOOLS = List.of("a", "b");

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BackendEvents events = IgnoredBackendEvents.INSTANCE;
    private Backend backend;

    @AfterEach
    void stop() {
        if (backend != null) {
            backend.stop();
        }
        scheduler.shutdownNow();
    }

    /** When the refresh's tools/list is answered: before the first catalog is complete, or only after it. */
    private enum RefreshTiming { DURING_FIRST_FETCH, AFTER_FIRST_FETCH }

    @Test
    void aListChangeAnsweredDuringTheFirstFetchIsNotLost() {
        Backend shared = start(SessionMode.SHARED, RefreshTiming.DURING_FIRST_FETCH);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(toolNames(shared.catalog(null))).isEqualTo(ALL_TOOLS));
        assertComplete(shared.catalog(null));
    }

    @Test
    void aRefreshEndingAfterTheFirstFetchKeepsItsPromptsAndResources() {
        Backend shared = start(SessionMode.SHARED, RefreshTiming.AFTER_FIRST_FETCH);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(toolNames(shared.catalog(null))).isEqualTo(ALL_TOOLS));
        assertComplete(shared.catalog(null));
    }

    @Test
    void aPerClientSessionKeepsItsWholeCatalogToo() {
        Backend perClient = start(SessionMode.PER_CLIENT, RefreshTiming.AFTER_FIRST_FETCH);
        ClientSession client = new ClientSession("client-1", "2025-11-25", JsonValue.EMPTY_OBJECT, CLIENT_INFO, message -> true);

        perClient.prepare(client, Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(toolNames(perClient.catalog(client))).isEqualTo(ALL_TOOLS));
        assertComplete(perClient.catalog(client));
    }

    private Backend start(SessionMode mode, RefreshTiming timing) {
        backend = new Backend(TestConfigs.backend("late", "late", mode, Duration.ofSeconds(5)), config -> new EagerListChangedServer(timing),
                events, CLIENT_INFO, scheduler, new Backoff(Duration.ofMillis(50), Duration.ofMillis(100)));
        backend.start();
        backend.awaitFirstAttempt(Duration.ofSeconds(10));
        return backend;
    }

    private static void assertComplete(BackendCatalog catalog) {
        assertThat(catalog.prompts()).extracting(p -> p.getString("name")).containsExactly("p");
        assertThat(catalog.resources()).extracting(r -> r.getString("uri")).containsExactly("test://r");
        assertThat(catalog.resourceTemplates()).extracting(t -> t.getString("uriTemplate")).containsExactly("test://t/{id}");
    }

    private static List<String> toolNames(BackendCatalog catalog) {
        return catalog.tools().stream().map(t -> t.getString("name")).toList();
    }

    /**
     * A server that sends tools/list_changed when its first tools/list arrives (as if it had just
     * registered tool {@code b}), answers later tools/list with both tools, and holds either the
     * refresh's tools/list or the first fetch's prompts/list so that the two overlap as
     * {@link RefreshTiming} says.
     */
    private static final class EagerListChangedServer implements UpstreamTransport {

        private final RefreshTiming timing;
        private final AtomicInteger toolsLists = new AtomicInteger();
        private final CountDownLatch refreshAnswered = new CountDownLatch(1);
        private final CountDownLatch firstFetchDone = new CountDownLatch(1);
        private volatile Listener listener;

        EagerListChangedServer(RefreshTiming timing) {
            this.timing = timing;
        }

        @Override
        public void start(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void send(JsonRpcMessage message) {
            if (message instanceof JsonRpcRequest request) {
                Thread.ofVirtual().start(() -> answer(request));
            }
        }

        private void answer(JsonRpcRequest request) {
            JsonValue id = request.id();
            String result = switch (request.method()) {
                case "initialize" -> "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{\"listChanged\":true},\"prompts\":{},"
                        + "\"resources\":{}},\"serverInfo\":{\"name\":\"eager\",\"version\":\"1\"}}";
                case "tools/list" -> toolsList();
                case "prompts/list" -> {
                    if (timing == RefreshTiming.DURING_FIRST_FETCH) {
                        awaitQuietly(refreshAnswered, Duration.ofSeconds(1));
                        sleep(Duration.ofMillis(100)); // let the refresh store what it read
                    }
                    yield "{\"prompts\":[{\"name\":\"p\"}]}";
                }
                case "resources/list" -> "{\"resources\":[{\"uri\":\"test://r\",\"name\":\"r\"}]}";
                case "resources/templates/list" -> {
                    firstFetchDone.countDown();
                    yield "{\"resourceTemplates\":[{\"uriTemplate\":\"test://t/{id}\",\"name\":\"t\"}]}";
                }
                default -> "{}";
            };
            listener.onMessage(JsonRpc.result(id, JsonValue.parse(result)), null);
        }

        private String toolsList() {
            if (toolsLists.getAndIncrement() == 0) {
                listener.onMessage(JsonRpc.notification("notifications/tools/list_changed", null), null);
                return "{\"tools\":[{\"name\":\"a\",\"inputSchema\":{\"type\":\"object\"}}]}";
            }
            if (timing == RefreshTiming.AFTER_FIRST_FETCH) {
                awaitQuietly(firstFetchDone, Duration.ofSeconds(5));
                sleep(Duration.ofMillis(200)); // the gateway installs the first catalog meanwhile
            }
            refreshAnswered.countDown();
            return "{\"tools\":[{\"name\":\"a\",\"inputSchema\":{\"type\":\"object\"}},{\"name\":\"b\",\"inputSchema\":{\"type\":\"object\"}}]}";
        }

        @Override
        public String kind() {
            return "test";
        }

        @Override
        public void close() {}

        private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
            try {
                latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void sleep(Duration duration) {
            try {
                Thread.sleep(duration);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
