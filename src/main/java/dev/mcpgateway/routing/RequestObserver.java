package dev.mcpgateway.routing;

import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.session.ClientRequest;
import dev.mcpgateway.session.ClientSession;
import dev.mcpgateway.session.Inbound;

/**
 * Watches every client request the {@link Dispatcher} answers (logs, metrics, spans). It is told
 * when a request starts and when it ends, on the thread that handles it (or, for a request
 * answered asynchronously, told to {@link Observation#detach} and later told of its end on the
 * thread that has the answer); it never changes the answer. Implementations must be cheap and must not throw.
 */
public interface RequestObserver {

    RequestObserver NONE = new RequestObserver() {
        @Override
        public Observation started(ClientRequest request) {
            return Observation.NONE;
        }

        @Override
        public Observation initializing(JsonRpcRequest request, Inbound inbound) {
            return Observation.NONE;
        }
    };

    /** A request of an initialized session is about to be handled. */
    Observation started(ClientRequest request);

    /** An initialize request is about to be handled (there is no session yet). */
    Observation initializing(JsonRpcRequest request, Inbound inbound);

    /** One request being watched. */
    interface Observation {

        Observation NONE = (response, failure, session) -> {};

        /**
         * The request is answered.
         *
         * @param response the answer, or null if none is sent (the client cancelled it)
         * @param failure an exception that escaped the dispatcher (the client gets an internal error), else null
         * @param session the request's session; for initialize, the new session (null if refused)
         */
        void ended(JsonRpcResponse response, Throwable failure, ClientSession session);

        /**
         * The request goes on asynchronously: it will end on another thread. Called on the thread
         * it started on, which then no longer carries the request (its span, its log fields).
         */
        default void detach() {}
    }
}
