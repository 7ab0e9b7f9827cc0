package dev.mcpgateway.config;

import java.time.Duration;

/**
 * Reads a {@code failsafe} section (global, or a backend's) over a base: every key not written
 * keeps the base's value, so a backend's {@code failsafe: {retry: {enabled: false}}} changes just
 * that. Cross-key rules (e.g. health check timeout shorter than interval) are checked on the merged
 * result and reported at the key written in this section.
 */
final class FailsafeReader {

    private static final int MAX = Integer.MAX_VALUE;

    private FailsafeReader() {}

    static FailsafeConfig read(MappingReader m, FailsafeConfig base) {
        CircuitBreakerConfig breaker = circuitBreaker(m.section("circuit_breaker"), base.circuitBreaker());
        RetryConfig retry = retry(m.section("retry"), base.retry());
        RateLimitConfig rateLimit = rateLimit(m.section("rate_limit"), base.rateLimit());
        ConcurrencyConfig concurrency = concurrency(m.section("concurrency"), base.concurrency());
        Duration timeout = m.positiveDuration("timeout").orElse(base.timeout());
        HealthCheckConfig healthCheck = healthCheck(m.section("health_check"), base.healthCheck());
        boolean retryToolCalls = m.bool("retry_tool_calls").orElse(base.retryToolCalls());
        FailureMode failureMode = m.choice("failure_mode", FailureMode.class).orElse(base.failureMode());
        boolean hide = m.bool("hide_unavailable_tools").orElse(base.hideUnavailableTools());
        boolean countInternal = m.bool("count_internal_errors_as_failures").orElse(base.countInternalErrorsAsFailures());
        m.finish();
        return new FailsafeConfig(breaker, retry, rateLimit, concurrency, timeout, healthCheck, retryToolCalls,
                failureMode, hide, countInternal);
    }

    private static CircuitBreakerConfig circuitBreaker(MappingReader m, CircuitBreakerConfig b) {
        int errors = m.context().diagnostics().errorCount();
        boolean enabled = m.bool("enabled").orElse(b.enabled());
        int failureThreshold = m.integer("failure_threshold", 1, MAX).orElse(b.failureThreshold());
        int successThreshold = m.integer("success_threshold", 1, MAX).orElse(b.successThreshold());
        Duration resetTimeout = m.positiveDuration("reset_timeout").orElse(b.resetTimeout());
        Duration maxResetTimeout = m.positiveDuration("max_reset_timeout").orElse(b.maxResetTimeout());
        BreakerMode mode = m.choice("mode", BreakerMode.class).orElse(b.mode());
        Duration window = m.positiveDuration("window").orElse(b.window());
        int minCalls = m.integer("min_calls", 1, MAX).orElse(b.minCalls());
        double failureRate = m.rate("failure_rate").orElse(b.failureRate());
        Duration slowCallDuration = m.positiveDuration("slow_call_duration").orElse(b.slowCallDuration());
        double slowCallRate = m.rate("slow_call_rate").orElse(b.slowCallRate());
        m.finish();
        if (maxResetTimeout.compareTo(resetTimeout) < 0) {
            conflict(m, "max_reset_timeout", "must not be shorter than reset_timeout (" + Durations.format(resetTimeout)
                            + "), got " + Durations.format(maxResetTimeout),
                    "reset_timeout", "must not be longer than max_reset_timeout (" + Durations.format(maxResetTimeout)
                            + "), got " + Durations.format(resetTimeout));
        }
        if (m.context().diagnostics().errorCount() != errors) {
            return b;
        }
        return new CircuitBreakerConfig(enabled, failureThreshold, successThreshold, resetTimeout, maxResetTimeout,
                mode, window, minCalls, failureRate, slowCallDuration, slowCallRate);
    }

    private static RetryConfig retry(MappingReader m, RetryConfig b) {
        int errors = m.context().diagnostics().errorCount();
        boolean enabled = m.bool("enabled").orElse(b.enabled());
        int maxAttempts = m.integer("max_attempts", 1, MAX).orElse(b.maxAttempts());
        Duration initialBackoff = m.nonNegativeDuration("initial_backoff").orElse(b.initialBackoff());
        Duration maxBackoff = m.nonNegativeDuration("max_backoff").orElse(b.maxBackoff());
        double multiplier = m.number("multiplier", 1, false).orElse(b.multiplier());
        Jitter jitter = m.choice("jitter", Jitter.class).orElse(b.jitter());
        double budgetRatio = m.rate("budget_ratio").orElse(b.budgetRatio());
        m.finish();
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            conflict(m, "max_backoff", "must not be shorter than initial_backoff (" + Durations.format(initialBackoff)
                            + "), got " + Durations.format(maxBackoff),
                    "initial_backoff", "must not be longer than max_backoff (" + Durations.format(maxBackoff)
                            + "), got " + Durations.format(initialBackoff));
        }
        if (m.context().diagnostics().errorCount() != errors) {
            return b;
        }
        return new RetryConfig(enabled, maxAttempts, initialBackoff, maxBackoff, multiplier, jitter, budgetRatio);
    }

    private static RateLimitConfig rateLimit(MappingReader m, RateLimitConfig b) {
        int errors = m.context().diagnostics().errorCount();
        boolean enabled = m.bool("enabled").orElse(b.enabled());
        double rps = m.number("requests_per_second", 0, true).orElse(b.requestsPerSecond());
        int burst = m.integer("burst_size", 1, MAX).orElse(b.burstSize());
        m.finish();
        return m.context().diagnostics().errorCount() != errors ? b : new RateLimitConfig(enabled, rps, burst);
    }

    private static ConcurrencyConfig concurrency(MappingReader m, ConcurrencyConfig b) {
        int errors = m.context().diagnostics().errorCount();
        boolean enabled = m.bool("enabled").orElse(b.enabled());
        int maxInFlight = m.integer("max_in_flight", 1, MAX).orElse(b.maxInFlight());
        int maxQueued = m.integer("max_queued", 0, MAX).orElse(b.maxQueued());
        m.finish();
        return m.context().diagnostics().errorCount() != errors ? b : new ConcurrencyConfig(enabled, maxInFlight, maxQueued);
    }

    private static HealthCheckConfig healthCheck(MappingReader m, HealthCheckConfig b) {
        int errors = m.context().diagnostics().errorCount();
        boolean enabled = m.bool("enabled").orElse(b.enabled());
        Duration interval = m.positiveDuration("interval").orElse(b.interval());
        Duration timeout = m.positiveDuration("timeout").orElse(b.timeout());
        int unhealthyThreshold = m.integer("unhealthy_threshold", 1, MAX).orElse(b.unhealthyThreshold());
        m.finish();
        if (timeout.compareTo(interval) >= 0) {
            conflict(m, "timeout", "must be shorter than interval (" + Durations.format(interval) + "), got "
                            + Durations.format(timeout),
                    "interval", "must be longer than timeout (" + Durations.format(timeout) + "), got "
                            + Durations.format(interval));
        }
        if (m.context().diagnostics().errorCount() != errors) {
            return b;
        }
        return new HealthCheckConfig(enabled, interval, timeout, unhealthyThreshold);
    }

    /**
     * Reports a rule broken by two keys at the one written in this section (preferring the first).
     * If either value was already invalid the rule is moot: the fallback value would only confuse.
     */
    private static void conflict(MappingReader m, String first, String firstMessage, String second, String secondMessage) {
        if (m.isInvalid(first) || m.isInvalid(second)) {
            return;
        }
        if (m.has(first)) {
            m.error(first, firstMessage);
        } else if (m.has(second)) {
            m.error(second, secondMessage);
        }
    }
}
