package dev.mcpgateway.backend;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refetches a backend's lists when it says they changed ({@code notifications/.../list_changed}
 * or a re-initialized session), one upstream session at a time.
 *
 * <p>Bursts coalesce: one fetch runs per session, later requests queue behind it. A request that
 * arrives while the session's first catalog is still being fetched (servers that register tools
 * right after {@code initialized} do this) waits until that catalog is installed: a refresh running
 * alongside would start from an empty catalog and either be discarded or replace the first catalog
 * with one that holds only the refreshed list.
 */
final class CatalogRefresher {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogRefresher.class);

    /** Installs a refreshed catalog that differs in {@code changed} from the one before. */
    @FunctionalInterface
    interface Replacer {
        void replace(UpstreamSession session, BackendCatalog refreshed, Set<BackendCatalog.Kind> changed);
    }

    /** Coalescing state for one upstream session. */
    private static final class State {
        final AtomicBoolean running = new AtomicBoolean();
        final AtomicBoolean installed = new AtomicBoolean();
        final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();
    }

    private final String backend;
    private final Duration timeout;
    private final Function<UpstreamSession, BackendCatalog> current;
    private final Replacer replacer;
    private final ConcurrentMap<UpstreamSession, State> states = new ConcurrentHashMap<>();

    /**
     * @param current the catalog a session's clients see now
     * @param replacer installs a refreshed catalog and tells whoever needs to know
     */
    CatalogRefresher(String backend, Duration timeout, Function<UpstreamSession, BackendCatalog> current, Replacer replacer) {
        this.backend = backend;
        this.timeout = timeout;
        this.current = current;
        this.replacer = replacer;
    }

    /** The session's lists changed ({@code reason} is the list_changed method, or anything else to refetch all). */
    void requested(UpstreamSession session, String reason) {
        State state = states.computeIfAbsent(session, s -> new State());
        state.pending.add(reason);
        start(session, state);
    }

    /** The session's first catalog is in place: run the refreshes asked for while it was fetched. */
    void installed(UpstreamSession session) {
        if (!session.isOpen()) {
            return;
        }
        State state = states.computeIfAbsent(session, s -> new State());
        state.installed.set(true);
        start(session, state);
    }

    /** The session is gone. */
    void forget(UpstreamSession session) {
        states.remove(session);
    }

    private void start(UpstreamSession session, State state) {
        if (state.installed.get() && !state.pending.isEmpty() && session.isOpen() && state.running.compareAndSet(false, true)) {
            Thread.ofVirtual().name("refresh-" + backend).start(() -> run(session, state));
        }
    }

    private void run(UpstreamSession session, State state) {
        try {
            String reason;
            while ((reason = state.pending.poll()) != null) {
                BackendCatalog before = current.apply(session);
                BackendCatalog after = CatalogFetcher.refresh(session, before, reason, timeout);
                Set<BackendCatalog.Kind> changed = after.changedSince(before);
                if (!changed.isEmpty()) {
                    replacer.replace(session, after, changed);
                }
            }
        } catch (UpstreamException e) {
            LOG.warn("backend `{}`: could not refresh its lists: {}", backend, e.getMessage());
        } finally {
            state.running.set(false);
            start(session, state);
        }
    }
}
