package dev.mcpgateway.routing;

import dev.mcpgateway.testing.IgnoredBackendEvents;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.BackendCatalog;
import dev.mcpgateway.backend.BackendEvents;
import dev.mcpgateway.config.SessionMode;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.testing.TestConfigs;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The conflict reports of a merged catalog tell the operator something that actually helps. */
class GatewayCatalogConflictsTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BackendEvents ignored = IgnoredBackendEvents.INSTANCE;

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private Backend backend(String name, String prefix) {
        return new Backend(TestConfigs.backend(name, prefix, SessionMode.SHARED, Duration.ofSeconds(5)), config -> {
            throw new AssertionError("not connected in this test");
        }, ignored, JsonValue.EMPTY_OBJECT, scheduler);
    }

    @Test
    void aResourceOfferedTwiceIsReportedWithoutSuggestingAPrefixWhichUrisDoNotHave() {
        BackendCatalog same = new BackendCatalog(List.of(), List.of(), List.of(JsonValue.parse("{\"uri\":\"demo://doc\",\"name\":\"doc\"}")), List.of());

        GatewayCatalog catalog = GatewayCatalog.build(List.of(backend("first", "first"), backend("second", "second")), List.of(same, same));

        assertThat(catalog.resources()).singleElement().satisfies(r -> assertThat(r.backend().name()).isEqualTo("first"));
        assertThat(catalog.conflicts()).singleElement().asString()
                .contains("resource `demo://doc`", "`first` (listed first in the configuration) wins", "Reads of this URI go to `first`")
                .doesNotContain("prefix");
    }

    @Test
    void aToolOfferedTwiceUnderOneNameSuggestsADifferentPrefix() {
        BackendCatalog same = new BackendCatalog(List.of(JsonValue.parse("{\"name\":\"echo\",\"inputSchema\":{\"type\":\"object\"}}")), List.of(),
                List.of(), List.of());
        GatewayCatalog catalog = GatewayCatalog.build(List.of(backend("first", ""), backend("second", "")), List.of(same, same));

        assertThat(catalog.conflicts()).singleElement().asString().contains("tool `echo`").contains("Give one of them a different `prefix`");
    }
}
