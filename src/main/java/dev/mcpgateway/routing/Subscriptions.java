package dev.mcpgateway.routing;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.session.ClientSession;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which client sessions subscribed to which backend resources. A shared backend session is
 * subscribed upstream once per URI, when the first client subscribes, and unsubscribed when the
 * last one leaves; {@code notifications/resources/updated} goes to the subscribed sessions only.
 */
final class Subscriptions {

    private record Key(String backend, String uri) {}

    private final ConcurrentMap<Key, Set<ClientSession>> subscribers = new ConcurrentHashMap<>();

    /** Adds a subscriber; returns true if it is the first for this URI (subscribe upstream). */
    boolean add(Backend backend, String uri, ClientSession session) {
        boolean[] first = new boolean[1];
        subscribers.compute(new Key(backend.name(), uri), (key, set) -> {
            Set<ClientSession> next = set == null ? new HashSet<>() : new HashSet<>(set);
            first[0] = next.isEmpty();
            next.add(session);
            return Set.copyOf(next);
        });
        return first[0];
    }

    /** Removes a subscriber; returns true if it was the last for this URI (unsubscribe upstream). */
    boolean remove(Backend backend, String uri, ClientSession session) {
        boolean[] last = new boolean[1];
        subscribers.computeIfPresent(new Key(backend.name(), uri), (key, set) -> {
            if (!set.contains(session)) {
                return set;
            }
            Set<ClientSession> next = new HashSet<>(set);
            next.remove(session);
            last[0] = next.isEmpty();
            return next.isEmpty() ? null : Set.copyOf(next);
        });
        return last[0];
    }

    Set<ClientSession> subscribers(Backend backend, String uri) {
        return subscribers.getOrDefault(new Key(backend.name(), uri), Set.of());
    }

    /** Every URI of {@code backend} that has a subscriber (to subscribe again after a session was lost). */
    List<String> urisOf(Backend backend) {
        List<String> uris = new ArrayList<>();
        for (Key key : subscribers.keySet()) {
            if (key.backend().equals(backend.name())) {
                uris.add(key.uri());
            }
        }
        return uris;
    }

    /** The (backend name, uri) pairs {@code session} subscribed to. */
    List<String[]> of(ClientSession session) {
        List<String[]> out = new ArrayList<>();
        subscribers.forEach((key, set) -> {
            if (set.contains(session)) {
                out.add(new String[] {key.backend(), key.uri()});
            }
        });
        return out;
    }
}
