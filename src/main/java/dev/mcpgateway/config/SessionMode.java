package dev.mcpgateway.config;

/** Whether client sessions share one upstream session to a backend ({@code session_mode}). */
public enum SessionMode {
    /** One upstream session (one child process for stdio) serves every client. */
    SHARED,
    /** Each client session gets its own upstream session (its own child process for stdio). */
    PER_CLIENT
}
