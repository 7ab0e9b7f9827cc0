package dev.mcpgateway.interop;

import static dev.mcpgateway.interop.StreamableHttpRules.Check.DELETED_SESSION_404;
import static dev.mcpgateway.interop.StreamableHttpRules.Check.FOREIGN_ORIGIN_403;
import static dev.mcpgateway.interop.StreamableHttpRules.Check.INVALID_CURSOR_32602;
import static dev.mcpgateway.interop.StreamableHttpRules.Check.UNKNOWN_SESSION_404;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.interop.StreamableHttpRules.Check;
import dev.mcpgateway.interop.StreamableHttpRules.Level;
import dev.mcpgateway.interop.StreamableHttpRules.Result;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The transport-rule suite must detect real violations: server-everything (Streamable HTTP) is
 * known to answer 400 instead of 404 for unknown and deleted sessions, not to check Origin, and to
 * ignore an invalid tools/list cursor. Everything else it does right.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StreamableHttpRulesIT {

    private static final Set<Check> EVERYTHING_FAILS = EnumSet.of(UNKNOWN_SESSION_404, FOREIGN_ORIGIN_403, DELETED_SESSION_404, INVALID_CURSOR_32602);

    @Test
    void detectsExactlyTheKnownViolationsOfServerEverything() {
        List<Result> results;
        try (ReferenceServers.RunningServer everything = ReferenceServers.startEverythingStreamableHttp()) {
            results = StreamableHttpRules.against(everything.url()).run();
        }
        results.forEach(r -> System.err.println("[http-rules] " + r));

        assertThat(results).extracting(Result::check).containsExactly(Check.values());
        Set<Check> failed = results.stream().filter(r -> !r.passed()).map(Result::check).collect(Collectors.toSet());
        assertThat(failed).isEqualTo(EVERYTHING_FAILS);
        // The three MUST violations the spec notes list, plus the invalid-cursor SHOULD (a warning in the peers' probe).
        assertThat(results.stream().filter(r -> !r.passed() && r.level() == Level.MUST)).hasSize(3);
        assertThat(results.stream().filter(r -> r.passed() && r.level() != Level.INFO)).hasSize(14);
        assertThat(results).filteredOn(r -> r.check() == UNKNOWN_SESSION_404).singleElement()
                .satisfies(r -> assertThat(r.detail()).isEqualTo("HTTP 400"));
    }

    @Test
    void failsEveryCheckWhenNothingListens() {
        int port = ReferenceServers.freePort();

        List<Result> results = StreamableHttpRules.against(URI.create("http://127.0.0.1:" + port + "/mcp")).run();

        assertThat(results).extracting(Result::check).containsExactlyInAnyOrder(Check.values());
        assertThat(results).filteredOn(r -> r.level() != Level.INFO).noneMatch(Result::passed);
        assertThat(results).filteredOn(r -> r.check() == Check.INITIALIZE_RESULT).singleElement()
                .satisfies(r -> assertThat(r.detail()).startsWith("threw"));
    }
}
