package dev.mcpgateway.config;

import java.time.Duration;

/**
 * Resilience settings for calls to a backend ({@code failsafe}, globally and per backend; a
 * backend's section is merged over the global one key by key).
 *
 * @param timeout per-call timeout; for a backend it always equals {@link BackendConfig#timeout()}
 * @param retryToolCalls whether {@code tools/call} may be retried (tools may not be idempotent)
 * @param hideUnavailableTools whether an unavailable backend's tools are left out of {@code tools/list}
 * @param countInternalErrorsAsFailures whether a JSON-RPC {@code -32603} reply counts as a breaker failure
 */
public record FailsafeConfig(
        CircuitBreakerConfig circuitBreaker,
        RetryConfig retry,
        RateLimitConfig rateLimit,
        ConcurrencyConfig concurrency,
        Duration timeout,
        HealthCheckConfig healthCheck,
        boolean retryToolCalls,
        FailureMode failureMode,
        boolean hideUnavailableTools,
        boolean countInternalErrorsAsFailures) {

    public static final FailsafeConfig DEFAULTS = new FailsafeConfig(
            CircuitBreakerConfig.DEFAULTS,
            RetryConfig.DEFAULTS,
            RateLimitConfig.DEFAULTS,
            ConcurrencyConfig.DEFAULTS,
            Duration.ofSeconds(30),
            HealthCheckConfig.DEFAULTS,
            false,
            FailureMode.FAIL_OPEN,
            false,
            true);

    public FailsafeConfig {
        Require.notNull("circuit_breaker", circuitBreaker);
        Require.notNull("retry", retry);
        Require.notNull("rate_limit", rateLimit);
        Require.notNull("concurrency", concurrency);
        Require.positive("timeout", timeout);
        Require.notNull("health_check", healthCheck);
        Require.notNull("failure_mode", failureMode);
    }

    public FailsafeConfig withTimeout(Duration timeout) {
        return new FailsafeConfig(circuitBreaker, retry, rateLimit, concurrency, timeout, healthCheck,
                retryToolCalls, failureMode, hideUnavailableTools, countInternalErrorsAsFailures);
    }

    public FailsafeConfig withCircuitBreaker(CircuitBreakerConfig circuitBreaker) {
        return new FailsafeConfig(circuitBreaker, retry, rateLimit, concurrency, timeout, healthCheck,
                retryToolCalls, failureMode, hideUnavailableTools, countInternalErrorsAsFailures);
    }

    public FailsafeConfig withRetry(RetryConfig retry) {
        return new FailsafeConfig(circuitBreaker, retry, rateLimit, concurrency, timeout, healthCheck,
                retryToolCalls, failureMode, hideUnavailableTools, countInternalErrorsAsFailures);
    }

    public FailsafeConfig withRateLimit(RateLimitConfig rateLimit) {
        return new FailsafeConfig(circuitBreaker, retry, rateLimit, concurrency, timeout, healthCheck,
                retryToolCalls, failureMode, hideUnavailableTools, countInternalErrorsAsFailures);
    }

    public FailsafeConfig withConcurrency(ConcurrencyConfig concurrency) {
        return new FailsafeConfig(circuitBreaker, retry, rateLimit, concurrency, timeout, healthCheck,
                retryToolCalls, failureMode, hideUnavailableTools, countInternalErrorsAsFailures);
    }

    public FailsafeConfig withHealthCheck(HealthCheckConfig healthCheck) {
        return new FailsafeConfig(circuitBreaker, retry, rateLimit, concurrency, timeout, healthCheck,
                retryToolCalls, failureMode, hideUnavailableTools, countInternalErrorsAsFailures);
    }
}
