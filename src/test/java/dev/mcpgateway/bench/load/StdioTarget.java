package dev.mcpgateway.bench.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An MCP server over stdio, driven directly: one child process, one MCP session, shared by every
 * channel with requests in flight at once (ids tell the answers apart), the way the gateway uses a
 * shared stdio backend. A platform thread writes (so a full pipe never blocks a completion
 * callback) and another reads.
 */
final class StdioTarget implements Target {

    private final String name;
    private final BenchProcess child;
    private final ToolCall.Encoder encoder;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final BlockingQueue<byte[]> outbox = new LinkedBlockingQueue<>();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(1);
    private final Thread writer;
    private final Thread reader;
    private volatile boolean closed;

    private record Pending(long id, Completion completion) {}

    StdioTarget(String name, BenchProcess child, ToolCall call) throws Exception {
        this.name = name;
        this.child = child;
        this.encoder = call.encoder();
        this.stdin = child.process().getOutputStream();
        this.stdout = new BufferedInputStream(child.process().getInputStream(), 64 * 1024);
        this.writer = Thread.ofPlatform().daemon().name("stdio-target-writer").start(this::writeLoop);
        this.reader = Thread.ofPlatform().daemon().name("stdio-target-reader").start(this::readLoop);
        initialize();
    }

    @Override
    public String name() {
        return name;
    }

    private void initialize() throws Exception {
        CompletableFuture<String> answered = new CompletableFuture<>();
        long id = ids.getAndIncrement();
        pending.put(id, new Pending(id, (ok, error) -> answered.complete(error)));
        send(("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"mcp-gateway-loadtest\",\"version\":\"1\"}}}").getBytes(StandardCharsets.UTF_8));
        String error = answered.get(60, TimeUnit.SECONDS);
        if (error != null) {
            throw new IllegalStateException(name + ": initialize failed: " + error);
        }
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Channel open() {
        return completion -> {
            long id = ids.getAndIncrement();
            pending.put(id, new Pending(id, completion));
            send(encoder.request(id));
        };
    }

    private void send(byte[] message) {
        outbox.add(message);
    }

    private void writeLoop() {
        List<byte[]> batch = new ArrayList<>();
        try {
            while (!closed) {
                byte[] first = outbox.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                outbox.drainTo(batch);
                for (byte[] message : batch) {
                    stdin.write(message);
                    stdin.write('\n');
                }
                stdin.flush();
                batch.clear();
            }
        } catch (IOException | InterruptedException e) {
            failAll("stdin closed: " + e);
        }
    }

    private void readLoop() {
        byte[] line = new byte[64 * 1024];
        try {
            while (true) {
                int length = 0;
                int b;
                while ((b = stdout.read()) != -1 && b != '\n') {
                    if (length == line.length) {
                        line = java.util.Arrays.copyOf(line, line.length * 2);
                    }
                    line[length++] = (byte) b;
                }
                if (b == -1) {
                    failAll("the child's stdout ended");
                    return;
                }
                long id = idOf(line, length);
                Pending call = id < 0 ? null : pending.remove(id);
                if (call != null) {
                    String problem = ToolCall.Encoder.check(line, length, id);
                    call.completion().done(problem == null, problem);
                }
            }
        } catch (IOException e) {
            failAll("stdout failed: " + e);
        }
    }

    /** The numeric id of a response line ({@code "id":N}), or -1 (notifications, other ids). */
    private static long idOf(byte[] line, int length) {
        byte[] key = "\"id\":".getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i <= length - key.length; i++) {
            for (int j = 0; j < key.length; j++) {
                if (line[i + j] != key[j]) {
                    continue outer;
                }
            }
            long value = 0;
            int k = i + key.length;
            if (k >= length || line[k] < '0' || line[k] > '9') {
                return -1;
            }
            while (k < length && line[k] >= '0' && line[k] <= '9') {
                value = value * 10 + (line[k++] - '0');
            }
            return value;
        }
        return -1;
    }

    private void failAll(String reason) {
        for (Long id : List.copyOf(pending.keySet())) {
            Pending call = pending.remove(id);
            if (call != null) {
                call.completion().done(false, reason);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        writer.interrupt();
        child.stop();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
