package dev.mcpgateway.testing;

import dev.mcpgateway.backend.SessionExpiredException;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.backend.UpstreamTransport;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonValue;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory transport to a {@link FakeMcpServer}; each message is handled on a virtual thread. */
public final class FakeTransport implements UpstreamTransport {

    private final FakeMcpServer server;
    private final List<JsonValue> abandoned = new CopyOnWriteArrayList<>();
    private volatile Listener listener;
    private volatile boolean closed;
    private volatile boolean sessionExpired;
    private volatile boolean expiryKnownBeforeSending;
    private volatile String negotiatedVersion;

    public FakeTransport(FakeMcpServer server) {
        this.server = server;
    }

    public FakeMcpServer server() {
        return server;
    }

    @Override
    public void start(Listener listener) throws UpstreamException {
        this.listener = listener;
    }

    @Override
    public void send(JsonRpcMessage message) throws UpstreamException {
        if (closed) {
            throw new UpstreamException("fake transport closed", false);
        }
        boolean initialize = message instanceof JsonRpcRequest r && r.method().equals("initialize");
        if (sessionExpired && !initialize) {
            throw new SessionExpiredException("fake: session expired", !expiryKnownBeforeSending);
        }
        if (initialize) {
            sessionExpired = false;
            expiryKnownBeforeSending = false;
        }
        server.sentFrom(Thread.currentThread());
        Thread.ofVirtual().start(() -> server.receive(message, this));
    }

    @Override
    public void initialized(String protocolVersion) {
        this.negotiatedVersion = protocolVersion;
    }

    public String negotiatedVersion() {
        return negotiatedVersion;
    }

    @Override
    public void abandon(JsonValue requestId) {
        abandoned.add(requestId);
    }

    public List<JsonValue> abandoned() {
        return List.copyOf(abandoned);
    }

    /** The server sends a message; {@code related} is the id of the request whose stream carries it. */
    void deliver(JsonRpcMessage message, JsonValue related) {
        Listener current = listener;
        if (!closed && current != null) {
            current.onMessage(message, related);
        }
    }

    /** Sends a notification from the server that belongs to no call. */
    public void serverNotifies(String method, String paramsJson) {
        deliver(JsonRpc.notification(method, paramsJson == null ? null : JsonValue.parse(paramsJson)), null);
    }

    /** The server forgets the session: the next non-initialize message gets SessionExpiredException. */
    public void expireSession() {
        sessionExpired = true;
    }

    /** Like {@link #expireSession} when the transport already knew (the GET stream saw it): nothing is sent. */
    public void expireSessionBeforeSending() {
        expiryKnownBeforeSending = true;
        sessionExpired = true;
    }

    /** The connection dies (child crashed). */
    public void crash(String reason) {
        closed = true;
        Listener current = listener;
        if (current != null) {
            current.onClosed(reason);
        }
    }

    public void garbage(String excerpt) {
        listener.onGarbage(excerpt);
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public String kind() {
        return "fake";
    }

    @Override
    public void close() {
        closed = true;
    }
}
