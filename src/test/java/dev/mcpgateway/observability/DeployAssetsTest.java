package dev.mcpgateway.observability;

import static dev.mcpgateway.testing.TestConfigs.backend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.Gateway;
import dev.mcpgateway.testing.FakeBackends;
import dev.mcpgateway.testing.FakeMcpServer;
import dev.mcpgateway.testing.TestConfigs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The operator assets in {@code deploy/} match the gateway: the alert rules and the Grafana
 * dashboard are well-formed, and every metric and label their queries use is one that
 * {@code /metrics} really exports (so renaming a metric fails the build instead of silently
 * breaking alerts). With {@code promtool} installed, the rules are also checked and their unit
 * tests run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeployAssetsTest {

    private static final Path DEPLOY = Path.of(System.getProperty("basedir", ".")).resolve("deploy");
    private static final Path RULES = DEPLOY.resolve("prometheus/mcp-gateway-alerts.yml");
    private static final Path RULE_TESTS = DEPLOY.resolve("prometheus/mcp-gateway-alerts.test.yml");
    private static final Path DASHBOARD = DEPLOY.resolve("grafana/mcp-gateway-dashboard.json");

    /** Metric names in PromQL: all of ours start with one of these. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:mcp|jvm|process)_[a-zA-Z0-9_]*)\\b");
    private static final Pattern SELECTOR = Pattern.compile("\\b((?:mcp|jvm|process)_[a-zA-Z0-9_]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
    /** Labels Prometheus adds to every scraped series. */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");

    private Map<String, Set<String>> exported;

    @BeforeAll
    void scrapeARunningGateway() throws Exception {
        FakeMcpServer alpha = new FakeMcpServer("alpha").echoTool("echo")
                .tool("{\"name\":\"broken\",\"inputSchema\":{\"type\":\"object\"}}", call -> {
                    throw new FakeMcpServer.ToolFailure(-32603, "broken");
                });
        Gateway gateway = Gateway.start(TestConfigs.flat(backend("alpha")), new FakeBackends().add("alpha", alpha), true, Telemetry.disabled());
        try (HttpGatewayClient client = new HttpGatewayClient(gateway.http().mcpUrl())) {
            gateway.awaitStartup(Duration.ofSeconds(5));
            client.initialize().callTool(1, "alpha__echo");
            client.callTool(2, "alpha__broken");
            exported = ExportedMetrics.parse(client.get(gateway.http().adminUrl() + "/metrics").body());
        } finally {
            gateway.shutdown(Duration.ofSeconds(1));
        }
    }

    @Test
    void theAlertRulesAreWellFormed() throws IOException {
        JsonNode groups = new YAMLMapper().readTree(Files.readString(RULES)).get("groups");
        assertThat(groups.isArray() && !groups.isEmpty()).as("groups").isTrue();
        Set<String> names = new HashSet<>();
        for (JsonNode group : groups) {
            assertThat(group.get("name").asString()).isNotBlank();
            for (JsonNode rule : group.get("rules")) {
                String alert = rule.get("alert").asString();
                assertThat(alert).matches("McpGateway[A-Z][A-Za-z0-9]*");
                assertThat(names.add(alert)).as("%s is defined once", alert).isTrue();
                assertThat(rule.get("expr").asString()).as("%s expr", alert).isNotBlank();
                assertThat(rule.get("for").asString()).as("%s for", alert).matches("\\d+[smh]");
                assertThat(rule.get("labels").get("severity").asString()).as("%s severity", alert).isIn("warning", "critical");
                assertThat(rule.get("annotations").get("summary").asString()).as("%s summary", alert).isNotBlank();
                assertThat(rule.get("annotations").get("description").asString()).as("%s description", alert).isNotBlank();
            }
        }
        assertThat(names).containsExactlyInAnyOrder("McpGatewayCircuitOpen", "McpGatewayBackendUnhealthy", "McpGatewayHighErrorRatio",
                "McpGatewayHighLatencyP99", "McpGatewayBackendSaturated", "McpGatewayBackendRestartLoop");
        JsonNode tests = new YAMLMapper().readTree(Files.readString(RULE_TESTS));
        assertThat(tests.get("rule_files").get(0).asString()).isEqualTo(RULES.getFileName().toString());
        Set<String> tested = new TreeSet<>();
        tests.get("tests").forEach(t -> t.get("alert_rule_test").forEach(a -> tested.add(a.get("alertname").asString())));
        assertThat(tested).as("every alert has a unit test").containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void everyMetricAndLabelTheAlertRulesUseIsExported() throws IOException {
        List<String> expressions = new ArrayList<>();
        for (JsonNode group : new YAMLMapper().readTree(Files.readString(RULES)).get("groups")) {
            group.get("rules").forEach(rule -> expressions.add(rule.get("expr").asString()));
        }
        assertQueriesMatchExports("alert rules", expressions);
    }

    @Test
    void theDashboardIsWellFormedAndShowsWhatTheIssueAsksFor() throws IOException {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        assertThat(dashboard.get("uid").asString()).isEqualTo("mcp-gateway");
        Set<Integer> ids = new HashSet<>();
        Set<String> titles = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(ids.add(panel.get("id").asInt())).as("panel ids are unique").isTrue();
            JsonNode grid = panel.get("gridPos");
            assertThat(grid.get("x").asInt() + grid.get("w").asInt()).as("%s fits the grid", panel.get("title")).isLessThanOrEqualTo(24);
            titles.add(panel.get("title").asString());
            if (!panel.get("type").asString().equals("row")) {
                assertThat(panel.get("targets").isEmpty()).as("%s has queries", panel.get("title")).isFalse();
                panel.get("targets").forEach(t -> assertThat(t.get("expr").asString()).isNotBlank());
            }
        }
        assertThat(titles).contains("Request rate by method", "Error ratio by backend", "Backend call latency p50", "Backend call latency p95",
                "Backend call latency p99", "Circuit state", "Rejections by reason", "Calls in flight", "Restarts", "Client sessions");
        Set<String> variables = new HashSet<>();
        dashboard.get("templating").get("list").forEach(v -> variables.add(v.get("name").asString()));
        Matcher used = Pattern.compile("\\$\\{?([a-z][a-z_]*)").matcher(Files.readString(DASHBOARD));
        while (used.find()) {
            assertThat(variables).as("variable $%s is defined", used.group(1)).contains(used.group(1));
        }
    }

    @Test
    void everyMetricAndLabelTheDashboardUsesIsExported() throws IOException {
        List<String> expressions = new ArrayList<>();
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        for (JsonNode panel : dashboard.get("panels")) {
            if (panel.has("targets")) {
                panel.get("targets").forEach(t -> expressions.add(t.get("expr").asString()));
            }
        }
        dashboard.get("templating").get("list").forEach(v -> {
            if (v.has("definition")) {
                expressions.add(v.get("definition").asString());
            }
        });
        assertQueriesMatchExports("dashboard", expressions);
    }

    @Test
    void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
        Assumptions.assumeTrue(onPath("promtool"), "promtool is not installed (Debian: apt-get install prometheus)");
        assertThat(run("promtool", "check", "rules", RULES.toString())).contains("SUCCESS");
        assertThat(run("promtool", "test", "rules", RULE_TESTS.toString())).contains("SUCCESS");
    }

    /** Each metric a query names is exported, with every label the query filters or groups on. */
    private void assertQueriesMatchExports(String asset, List<String> expressions) {
        assertThat(expressions).as("%s queries", asset).isNotEmpty();
        for (String expr : expressions) {
            String query = expr.replaceAll("\\$__[a-z_]+", "5m");
            Map<String, Set<String>> used = new LinkedHashMap<>();
            // label names live in selectors and grouping clauses: take those out before looking for metric names
            String withoutLabels = GROUPING.matcher(query.replaceAll("\\{[^}]*}", "{}")).replaceAll("")
                    .replaceAll("\\b(?:on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "");
            Matcher metric = METRIC.matcher(withoutLabels);
            while (metric.find()) {
                used.putIfAbsent(metric.group(1), new TreeSet<>());
            }
            assertThat(used).as("%s query names a metric: %s", asset, expr).isNotEmpty();
            for (String name : used.keySet()) {
                assertThat(exported).as("%s uses %s, which /metrics does not export (in: %s)", asset, name, expr).containsKey(name);
            }
            Matcher selector = SELECTOR.matcher(query);
            while (selector.find()) {
                Matcher matcher = MATCHER.matcher(selector.group(2));
                while (matcher.find()) {
                    String label = matcher.group(1);
                    if (TARGET_LABELS.contains(label)) {
                        continue;
                    }
                    assertThat(exported.get(selector.group(1))).as("%s filters %s on label %s (in: %s)", asset, selector.group(1), label, expr)
                            .contains(label);
                }
            }
            Set<String> available = new HashSet<>(TARGET_LABELS);
            used.keySet().forEach(name -> available.addAll(exported.get(name)));
            Matcher grouping = GROUPING.matcher(query);
            while (grouping.find()) {
                for (String label : grouping.group(1).split(",")) {
                    if (!label.isBlank()) {
                        assertThat(available).as("%s groups by %s (in: %s)", asset, label.strip(), expr).contains(label.strip());
                    }
                }
            }
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s:%n%s", String.join(" ", command), output).isZero();
        return output;
    }
}
