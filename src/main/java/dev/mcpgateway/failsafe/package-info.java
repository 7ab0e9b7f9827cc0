/**
 * The per-backend failsafe: every backend call passes it, so one bad backend never hurts the rest.
 *
 * <p>Shape: {@link dev.mcpgateway.failsafe.FailsafeRegistry} owns one {@code BackendGuard} per
 * backend (composed once from the backend's merged {@code failsafe} configuration) and contributes
 * two stages to the call pipeline, outermost first: {@code RetryStage} (the call's deadline, safe
 * and budgeted retries) around {@code GuardStage} (per attempt: circuit breaker, the backend's
 * Retry-After, token bucket, bulkhead, then the outcome recorded). Everything else reads: health
 * snapshots ({@link dev.mcpgateway.failsafe.HealthMetrics}), availability for routing
 * (fail_closed, hidden tools, {@code gateway_list_servers}), and events for metrics and tracing
 * ({@link dev.mcpgateway.failsafe.FailsafeListener}).
 *
 * <p>Why not the Failsafe library's policies (dev.failsafe, which the project first chose; see
 * docs/decisions.md): their semantics do not match what the gateway promises, and the
 * differences are the point of this package. Its
 * circuit breaker reads {@code System.nanoTime()} internally (no injectable clock), has one fixed
 * delay (ours doubles up to a maximum), and, used without its executor, lets the outcome of a
 * call admitted before a trip release a half-open permit it never took (so more than
 * {@code success_threshold} trials can run). Its bulkhead has no queue limit, and a timed-out
 * waiter can be handed a permit after it left; its rate limiters are not a token bucket with a
 * separate burst; its retry policy has no budget. So each part here is a small class with exact,
 * tested semantics: {@code BackendCircuitBreaker} with a {@code TripRule}
 * ({@code ConsecutiveFailures} or {@code FailureRateWindow}), {@code TokenBucket} (GCRA, one CAS),
 * {@code Bulkhead} (free slots and a first-come line of futures, bounded), {@code RetryBudget}, {@code RetryBackoff},
 * {@code BackendHealth} with an HdrHistogram {@code LatencyWindow}; all behind the package's own
 * interfaces and a {@link dev.mcpgateway.failsafe.FailsafeClock}.
 *
 * <p>Hot path: admission and recording take no lock in the healthy state and allocate nothing
 * but the failure messages of rejections (the stages' futures aside). A call waiting in the
 * bulkhead's line holds no thread: it is a future, and the call that gives a slot back sends it;
 * a retry backoff waits on a virtual thread of its own, never on the thread that delivers
 * answers. Locks (the breaker's monitor for transitions, the latency window's reader side)
 * are never held across I/O, and events are published outside them.
 */
package dev.mcpgateway.failsafe;
