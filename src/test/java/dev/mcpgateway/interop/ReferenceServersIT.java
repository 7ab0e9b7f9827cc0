package dev.mcpgateway.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/** The reference servers start, serve the SDK client and leave no process or file behind. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ReferenceServersIT {

    @Test
    void everythingOverLegacySseServesTheSdkClientAndStopsOnClose() {
        ReferenceServers.RunningServer sse = ReferenceServers.startEverythingSse();
        List<ProcessHandle> tree = ProcessTrees.snapshot(sse.process());
        try (sse; SdkClient client = SdkClient.start("sse")) {
            assertThat(sse.url().toString()).startsWith("http://127.0.0.1:").endsWith("/sse");
            JsonNode init = client.connectSse(sse.url(), ConnectOptions.defaults()).result();
            assertThat(init.path("serverInfo").path("name").asString()).isEqualTo("mcp-servers/everything");
            JsonNode echo = client.callTool("echo", "{\"message\":\"over sse\"}").result();
            assertThat(echo.path("content").path(0).path("text").asString()).isEqualTo("Echo: over sse");
        }
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), sse.port()).close()).isInstanceOf(IOException.class);
    }

    @Test
    void filesystemServerWorksInItsOwnTempDirectoryWhichCloseDeletes() throws IOException {
        Path dir;
        try (ReferenceServers.StdioServer fs = ReferenceServers.filesystem(); SdkClient client = SdkClient.start("filesystem")) {
            dir = fs.dataDir();
            Files.writeString(dir.resolve("a.txt"), "hello\n");
            client.connectStdio(fs.command(), fs.env(), ConnectOptions.defaults()).result();

            JsonNode read = client.callTool("read_text_file", Json.object().put("path", dir.resolve("a.txt").toString())).result();
            assertThat(read.path("content").path(0).path("text").asString()).isEqualTo("hello\n");
            JsonNode allowed = client.callTool("list_allowed_directories", Json.object()).result();
            assertThat(allowed.path("content").path(0).path("text").asString()).contains(dir.toString());
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void memoryServerWritesItsGraphToTheTempFileNotIntoNodeModules() {
        try (ReferenceServers.StdioServer memory = ReferenceServers.memory(); SdkClient client = SdkClient.start("memory")) {
            Path file = Path.of(memory.env().get("MEMORY_FILE_PATH"));
            client.connectStdio(memory.command(), memory.env(), ConnectOptions.defaults()).result();

            client.callTool("create_entities", Json.parse("""
                    {"entities":[{"name":"gateway","entityType":"service","observations":["routes MCP"]}]}
                    """)).result();
            JsonNode graph = client.callTool("read_graph", Json.object()).result();

            assertThat(graph.path("structuredContent").path("entities").path(0).path("name").asString()).isEqualTo("gateway");
            assertThat(file).exists().content().contains("gateway");
            assertThat(Node.packageDir(ReferenceServers.MEMORY).resolve("dist/memory.jsonl")).doesNotExist();
        }
    }

    @Test
    void streamableHttpServerGetsItsOwnFreePortEachTime() {
        try (ReferenceServers.RunningServer one = ReferenceServers.startEverythingStreamableHttp();
                ReferenceServers.RunningServer two = ReferenceServers.startEverythingStreamableHttp()) {
            assertThat(one.port()).isNotEqualTo(two.port());
            assertThat(one.isAlive()).isTrue();
            assertThat(two.stderrLines()).anyMatch(l -> l.contains("port " + two.port()));
        }
    }

    @Test
    void nodeIsRecentEnough() {
        assertThat(Node.majorVersion()).isGreaterThanOrEqualTo(Node.MIN_MAJOR_VERSION);
        assertThat(Node.executable()).isAbsolute();
    }
}
