package dev.mcpgateway.backend.stdio;

import java.util.concurrent.atomic.AtomicLong;

/** What one stdio transport has moved, for observability; updated by its pump threads. */
final class StdioCounters {
    final AtomicLong messagesIn = new AtomicLong();
    final AtomicLong messagesOut = new AtomicLong();
    final AtomicLong garbageLines = new AtomicLong();
    final AtomicLong stderrLines = new AtomicLong();
    final AtomicLong stderrLinesSuppressed = new AtomicLong();
}
