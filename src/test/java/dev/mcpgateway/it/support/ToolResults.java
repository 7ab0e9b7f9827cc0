package dev.mcpgateway.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Reading CallToolResults and error texts the gateway sends to clients. */
public final class ToolResults {

    /**
     * Stack trace text: a Java frame ({@code at dev.mcpgateway.Foo.bar(Foo.java:12)}), a Node.js
     * frame ({@code at explode (file:///srv/x.mjs:13:9)}, {@code at node:internal/timers:483:21}),
     * {@code Caused by:} / {@code ... 5 more}, or the class name of one of the gateway's own
     * exceptions (or of the JDK and libraries it runs on).
     */
    private static final Pattern STACK_TRACE = Pattern.compile(String.join("|",
            "\\bat [\\w$.<>/]+\\((?:[\\w$]+\\.java:\\d+|Native Method|Unknown Source)\\)",
            "\\bat (?:[^()|]+ )?\\(?(?:file:|node:|/)[^()\\s|]*:\\d+:\\d+\\)?",
            "\\bCaused by:",
            "\\.\\.\\. \\d+ more\\b",
            "\\b(?:java|javax|jdk|sun|dev\\.mcpgateway|org\\.eclipse|tools\\.jackson)\\.[\\w.$]*(?:Exception|Error)\\b"));

    private ToolResults() {}

    /** The text of every text content block, joined by newlines. */
    public static String text(JsonNode callToolResult) {
        List<String> texts = new ArrayList<>();
        for (JsonNode block : callToolResult.path("content")) {
            if ("text".equals(block.path("type").asString())) {
                texts.add(block.path("text").asString());
            }
        }
        return String.join("\n", texts);
    }

    public static boolean isError(JsonNode callToolResult) {
        return callToolResult.path("isError").asBoolean(false);
    }

    /** The names of the tools in a tools/list result (or the driver's all-pages {tools:[...]}). */
    public static List<String> toolNames(JsonNode listToolsResult) {
        List<String> names = new ArrayList<>();
        for (JsonNode tool : listToolsResult.path("tools")) {
            names.add(tool.path("name").asString());
        }
        return names;
    }

    /** The structured answer of a gateway meta-tool, e.g. gateway_list_servers. */
    public static JsonNode structured(JsonNode callToolResult) {
        return callToolResult.path("structuredContent");
    }

    /** The entry of {@code name} in a gateway_list_servers answer, or a missing node. */
    public static JsonNode server(JsonNode listServersResult, String name) {
        for (JsonNode server : structured(listServersResult).path("servers")) {
            if (name.equals(server.path("name").asString())) {
                return server;
            }
        }
        return tools.jackson.databind.node.MissingNode.getInstance();
    }

    /** Fails if the text looks like it carries a stack trace or a Java exception class name. */
    public static void assertNoStackTrace(String textSeenByClient) {
        assertThat(STACK_TRACE.matcher(textSeenByClient).find())
                .as("no stack trace or exception class reaches the client: %s", textSeenByClient)
                .isFalse();
    }
}
