package dev.mcpgateway.bench;

import dev.mcpgateway.jsonrpc.JsonObjectEdit;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.transport.Framing;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The gateway's per-message JSON work for a 1 KB {@code tools/call}, each way: parse and
 * validate, rewrite what routing owns (id, tool name), and produce the bytes to send.
 *
 * <p>Run: {@code bin/bench JsonRpcForwarding}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class JsonRpcForwardingBenchmark {

    private byte[] request;
    private byte[] response;
    private final JsonValue clientId = JsonValue.string("client-request-17");
    private final JsonValue upstreamId = JsonValue.number(123456);

    @Setup
    public void setUp() {
        String args = "{\"query\":\"" + "q".repeat(600) + "\",\"limit\":10,\"ratio\":1.10,\"huge\":1e400,\"nested\":{\"a\":[1,2,3],\"b\":null}}";
        request = ("{\"jsonrpc\":\"2.0\",\"id\":\"client-request-17\",\"method\":\"tools/call\",\"params\":{\"name\":\"github__search_issues\","
                + "\"arguments\":" + args + ",\"_meta\":{\"progressToken\":\"p-17\"}}}").getBytes(StandardCharsets.UTF_8);
        response = ("{\"jsonrpc\":\"2.0\",\"id\":123456,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"" + "r".repeat(800)
                + "\"}],\"structuredContent\":{\"count\":3,\"score\":0.75},\"isError\":false}}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Client to backend: parse, route (read the tool name), rename the tool, new id and progress
     * token, bytes out as the stdio transport takes them: one line, a view of the message's bytes
     * (the stdin writer adds the newline).
     */
    @Benchmark
    public ByteBuffer clientToBackend() {
        return Framing.singleLineView(forwardedRequest().json());
    }

    /**
     * As {@link #clientToBackend}, ending as the Streamable HTTP transport does: the POST body is
     * a view of the message's bytes (no one-line check).
     */
    @Benchmark
    public ByteBuffer clientToBackendOverHttp() {
        return forwardedRequest().json().toByteBuffer();
    }

    /** Backend to client: parse the response, match its id, give it the client's id, bytes out. */
    @Benchmark
    public byte[] backendToClient() {
        return Framing.singleLine(answeredResponse().json());
    }

    /** As {@link #backendToClient}, ending as a JSON reply to an HTTP client does: a view of the bytes. */
    @Benchmark
    public ByteBuffer backendToClientOverHttp() {
        return answeredResponse().json().toByteBuffer();
    }

    /** Parse and validate only: the part of {@link #clientToBackend} that every message pays. */
    @Benchmark
    public JsonRpcMessage parseRequest() {
        return JsonRpc.parseMessage(request);
    }

    /** The request as it goes upstream: parsed, routed by its tool name, renamed, given the upstream id. */
    private JsonRpcRequest forwardedRequest() {
        JsonRpcRequest parsed = (JsonRpcRequest) JsonRpc.parseMessage(request);
        String exposed = parsed.params().getString("name");
        String tool = exposed.substring(exposed.indexOf("__") + 2);
        // as ToolRoutes and UpstreamSession do it: the tool renamed, then the id and the progress token replaced
        JsonRpcRequest routed = parsed.withParams(JsonObjectEdit.of(parsed.params()).set("name", tool));
        JsonValue meta = routed.params().get("_meta");
        return routed.withIdAndParams(upstreamId, JsonObjectEdit.of(routed.params()).set("_meta", JsonObjectEdit.of(meta).set("progressToken", upstreamId)));
    }

    /** The answer as it goes back: parsed, matched by its upstream id, given the client's id. */
    private JsonRpcResponse answeredResponse() {
        JsonRpcResponse parsed = (JsonRpcResponse) JsonRpc.parseMessage(response);
        if (parsed.id().asLong() != 123456) {
            throw new IllegalStateException();
        }
        return parsed.withId(clientId);
    }
}
