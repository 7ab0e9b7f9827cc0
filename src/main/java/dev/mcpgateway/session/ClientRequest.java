package dev.mcpgateway.session;

import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonValue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client request the gateway is answering: its session, its id, where messages about it go,
 * and how to cancel the work it started.
 *
 * <p>Messages related to the request (progress, a backend's sampling request caused by it) go
 * on the request's own stream when it has one (an SSE response over HTTP), otherwise out of band.
 */
public final class ClientRequest {

    private final ClientSession session;
    private final JsonRpcRequest message;
    private final MessageSink relatedSink;
    private final Inbound inbound;
    private final AtomicBoolean finished = new AtomicBoolean();
    /** Set once, before the request is dispatched, by whoever observes it (logs, metrics, traces). */
    private volatile Observation observation;
    /** Guarded by this. */
    private Runnable onCancel;
    private volatile String cancelReason;

    /**
     * @param relatedSink the request's own stream, or null to send related messages out of band
     */
    public ClientRequest(ClientSession session, JsonRpcRequest message, MessageSink relatedSink) {
        this(session, message, relatedSink, Inbound.NONE);
    }

    /**
     * @param inbound where the request came from (request id, transport, HTTP trace headers)
     */
    public ClientRequest(ClientSession session, JsonRpcRequest message, MessageSink relatedSink, Inbound inbound) {
        this.session = session;
        this.message = message;
        this.relatedSink = relatedSink;
        this.inbound = inbound == null ? Inbound.NONE : inbound;
    }

    /** What the observability layer keeps about a request while it runs (its span, its start time). */
    public interface Observation {}

    public Inbound inbound() {
        return inbound;
    }

    /** The observation attached to this request, or null. */
    public Observation observation() {
        return observation;
    }

    public void observe(Observation observation) {
        this.observation = observation;
    }

    public ClientSession session() {
        return session;
    }

    public JsonRpcRequest message() {
        return message;
    }

    public JsonValue id() {
        return message.id();
    }

    public String method() {
        return message.method();
    }

    /** {@code params._meta.progressToken}, or null if the client asked for no progress. */
    public JsonValue progressToken() {
        JsonValue meta = message.meta();
        return meta == null ? null : meta.get("progressToken");
    }

    /**
     * Sends a message about this request to the client while the request is still being answered.
     * Returns false once the request is finished (progress for a finished request is dropped, as the
     * spec requires) or when no route to the client is left.
     */
    public boolean sendRelated(JsonRpcMessage related) {
        if (finished.get()) {
            return false;
        }
        if (relatedSink != null && relatedSink.send(related)) {
            return true;
        }
        return session.sendToClient(related);
    }

    /**
     * Registers what to do if the client cancels this request or goes away (replacing an earlier
     * action). If it already was cancelled, runs it at once. The action runs at most once.
     */
    public void onCancel(Runnable action) {
        boolean runNow;
        synchronized (this) {
            onCancel = action;
            runNow = cancelReason != null;
        }
        if (runNow) {
            runCancelAction();
        }
    }

    /** The client cancelled the request, or its connection or session is gone. Idempotent. */
    public void cancel(String reason) {
        synchronized (this) {
            if (finished.get() || cancelReason != null) {
                return;
            }
            cancelReason = reason;
        }
        runCancelAction();
    }

    private void runCancelAction() {
        Runnable action;
        synchronized (this) {
            action = onCancel;
            onCancel = null;
        }
        if (action != null) {
            action.run();
        }
    }

    public boolean isCancelled() {
        return cancelReason != null;
    }

    public String cancelReason() {
        return cancelReason;
    }

    /** The response has been produced; no more related messages go out. */
    public void finish() {
        if (finished.compareAndSet(false, true)) {
            session.end(this);
        }
    }

    public boolean isFinished() {
        return finished.get();
    }
}
