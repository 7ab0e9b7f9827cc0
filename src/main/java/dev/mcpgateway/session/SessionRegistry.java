package dev.mcpgateway.session;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live client sessions, by id. Ends sessions that stay idle too long (a client that vanished
 * without DELETE must not hold backend resources forever).
 */
public final class SessionRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

    private final ConcurrentMap<String, ClientSession> sessions = new ConcurrentHashMap<>();
    private final Duration idleTimeout;
    private final ScheduledExecutorService reaper;

    public SessionRegistry(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
        this.reaper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("session-reaper").factory());
        long period = Math.max(1, Math.min(idleTimeout.toSeconds() / 4, 60));
        reaper.scheduleWithFixedDelay(this::endIdleSessions, period, period, TimeUnit.SECONDS);
    }

    public void add(ClientSession session) {
        sessions.put(session.id(), session);
        session.onClose(() -> sessions.remove(session.id(), session));
    }

    /** The live session with this id, or null (never existed, ended, or expired). */
    public ClientSession get(String id) {
        return id == null ? null : sessions.get(id);
    }

    public Collection<ClientSession> all() {
        return List.copyOf(sessions.values());
    }

    public int size() {
        return sessions.size();
    }

    private void endIdleSessions() {
        long now = System.nanoTime();
        for (ClientSession session : sessions.values()) {
            boolean idle = now - session.lastActiveNanos() > idleTimeout.toNanos();
            if (idle && session.inFlightCount() == 0) {
                LOG.info("ending {}: idle for more than {}", session, idleTimeout);
                session.close("idle for more than " + idleTimeout);
            }
        }
    }

    /** Ends every session (gateway shutdown). */
    @Override
    public void close() {
        reaper.shutdownNow();
        for (ClientSession session : sessions.values()) {
            session.close("the gateway is shutting down");
        }
    }
}
