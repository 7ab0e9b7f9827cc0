package dev.mcpgateway.interop;

import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Options of one SDK request (the SDK's RequestOptions plus driver-side cancellation).
 * Immutable; {@code with*} return copies.
 *
 * @param progress pass an onprogress callback: the SDK adds {@code _meta.progressToken} and the
 *     driver emits {@code progress} events for this command
 * @param timeout SDK request timeout (null = SDK default 60 s); on expiry the SDK sends
 *     notifications/cancelled and fails with McpError -32001
 * @param resetTimeoutOnProgress restart the SDK timeout on every progress notification
 * @param maxTotalTimeout SDK upper bound even with progress resets
 * @param cancelAfter abort the request after this long (the SDK sends notifications/cancelled;
 *     the command fails with {@code AbortError})
 * @param cancelReason reason carried in notifications/cancelled
 * @param meta {@code _meta} for tools/call params
 * @param replyTimeout how long the Java side waits for the reply (null = client default, or
 *     longer when the SDK timeout is longer)
 */
public record RequestOptions(
        boolean progress,
        Duration timeout,
        boolean resetTimeoutOnProgress,
        Duration maxTotalTimeout,
        Duration cancelAfter,
        String cancelReason,
        JsonNode meta,
        Duration replyTimeout) {

    public static RequestOptions defaults() {
        return new RequestOptions(false, null, false, null, null, null, null, null);
    }

    public RequestOptions withProgress() {
        return new RequestOptions(true, timeout, resetTimeoutOnProgress, maxTotalTimeout, cancelAfter, cancelReason, meta, replyTimeout);
    }

    public RequestOptions withTimeout(Duration sdkTimeout) {
        return new RequestOptions(progress, sdkTimeout, resetTimeoutOnProgress, maxTotalTimeout, cancelAfter, cancelReason, meta, replyTimeout);
    }

    public RequestOptions withResetTimeoutOnProgress(Duration maxTotal) {
        return new RequestOptions(progress, timeout, true, maxTotal, cancelAfter, cancelReason, meta, replyTimeout);
    }

    public RequestOptions withCancelAfter(Duration after, String reason) {
        return new RequestOptions(progress, timeout, resetTimeoutOnProgress, maxTotalTimeout, after, reason, meta, replyTimeout);
    }

    public RequestOptions withMeta(JsonNode toolCallMeta) {
        return new RequestOptions(progress, timeout, resetTimeoutOnProgress, maxTotalTimeout, cancelAfter, cancelReason, toolCallMeta, replyTimeout);
    }

    public RequestOptions withReplyTimeout(Duration javaSideTimeout) {
        return new RequestOptions(progress, timeout, resetTimeoutOnProgress, maxTotalTimeout, cancelAfter, cancelReason, meta, javaSideTimeout);
    }

    void writeTo(ObjectNode command) {
        if (progress) {
            command.put("progress", true);
        }
        if (timeout != null) {
            command.put("timeoutMs", timeout.toMillis());
        }
        if (resetTimeoutOnProgress) {
            command.put("resetTimeoutOnProgress", true);
        }
        if (maxTotalTimeout != null) {
            command.put("maxTotalTimeoutMs", maxTotalTimeout.toMillis());
        }
        if (cancelAfter != null) {
            command.put("cancelAfterMs", cancelAfter.toMillis());
        }
        if (cancelReason != null) {
            command.put("cancelReason", cancelReason);
        }
        if (meta != null) {
            command.set("meta", meta.deepCopy());
        }
    }

    /** The Java-side wait: at least the default, and longer than any SDK-side timeout. */
    Duration replyTimeout(Duration defaultTimeout) {
        if (replyTimeout != null) {
            return replyTimeout;
        }
        Duration longest = defaultTimeout;
        for (Duration d : new Duration[] {timeout, maxTotalTimeout}) {
            if (d != null && d.plusSeconds(10).compareTo(longest) > 0) {
                longest = d.plusSeconds(10);
            }
        }
        return longest;
    }
}
