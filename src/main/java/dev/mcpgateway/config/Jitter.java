package dev.mcpgateway.config;

/** How retry backoff is randomised ({@code failsafe.retry.jitter}). */
public enum Jitter {
    /** A random delay between 0 and the backoff. */
    FULL,
    /** Half the backoff plus a random delay up to the other half. */
    EQUAL,
    /** Exactly the backoff. */
    NONE
}
