package dev.mcpgateway.observability;

import dev.mcpgateway.jsonrpc.JsonObjectEdit;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.session.Inbound;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * W3C trace context in MCP messages: read from {@code params._meta} (where the OpenTelemetry MCP
 * conventions put it) or else from the HTTP request's headers; written into {@code params._meta}
 * of the requests sent to backends, whatever their transport.
 *
 * <p>Forwarded JSON is never re-serialised: {@code _meta} and {@code params} are rewritten with
 * {@link JsonObjectEdit}, every other member is copied byte for byte.
 */
final class TraceContexts {

    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";
    static final String BAGGAGE = "baggage";

    private TraceContexts() {}

    /**
     * The caller's context: from {@code params._meta} if it carries a {@code traceparent}, else
     * from the HTTP headers, else none ({@link Context#root()}).
     */
    static Context extract(JsonRpcRequest message, Inbound inbound) {
        TextMapPropagator propagator = Telemetry.propagator();
        JsonValue meta = message.meta();
        if (meta != null && meta.isObject() && meta.getString(TRACEPARENT) != null) {
            return propagator.extract(Context.root(), meta, META);
        }
        if (inbound.traceparent() != null || inbound.baggage() != null) {
            return propagator.extract(Context.root(), inbound, HEADERS);
        }
        return Context.root();
    }

    /** {@code request} with {@code context}'s traceparent, tracestate and baggage in {@code params._meta}. */
    static JsonRpcRequest inject(JsonRpcRequest request, Context context) {
        Map<String, String> fields = new LinkedHashMap<>(4);
        Telemetry.propagator().inject(context, fields, Map::put);
        if (fields.isEmpty()) {
            return request;
        }
        JsonValue params = request.params();
        JsonObjectEdit metaEdit = JsonObjectEdit.ofMember(params, "_meta");
        fields.forEach(metaEdit::set);
        return request.withParams(JsonObjectEdit.of(params != null && params.isObject() ? params : null).set("_meta", metaEdit));
    }

    private static final TextMapGetter<JsonValue> META = new TextMapGetter<>() {
        @Override
        public String get(JsonValue meta, String key) {
            return meta == null ? null : meta.getString(key);
        }
    };

    private static final TextMapGetter<Inbound> HEADERS = new TextMapGetter<>() {
        @Override
        public String get(Inbound inbound, String key) {
            if (inbound == null) {
                return null;
            }
            return switch (key) {
                case TRACEPARENT -> inbound.traceparent();
                case TRACESTATE -> inbound.tracestate();
                case BAGGAGE -> inbound.baggage();
                default -> null;
            };
        }
    };
}
