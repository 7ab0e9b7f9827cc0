package dev.mcpgateway.testing;

import dev.mcpgateway.backend.TransportFactory;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.backend.UpstreamTransport;
import dev.mcpgateway.config.BackendConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A {@link TransportFactory} that connects backends to {@link FakeMcpServer}s: one server
 * instance per backend (shared across reconnects), or a fresh one per connection (like a
 * restarted process, or per-client sessions).
 */
public final class FakeBackends implements TransportFactory {

    private final Map<String, Supplier<FakeMcpServer>> servers = new ConcurrentHashMap<>();
    private final Map<String, List<FakeTransport>> transports = new ConcurrentHashMap<>();
    private final Map<String, Integer> failStarts = new ConcurrentHashMap<>();

    /** Every connection of backend {@code name} reaches the same {@code server}. */
    public FakeBackends add(String name, FakeMcpServer server) {
        servers.put(name, () -> server);
        return this;
    }

    /** Every connection of backend {@code name} gets a new server from {@code factory}. */
    public FakeBackends addPerConnection(String name, Supplier<FakeMcpServer> factory) {
        servers.put(name, factory);
        return this;
    }

    /** The next {@code count} connection attempts of {@code name} fail as if the backend were down. */
    public FakeBackends failStarts(String name, int count) {
        failStarts.put(name, count);
        return this;
    }

    @Override
    public UpstreamTransport create(BackendConfig backend) throws UpstreamException {
        Integer failures = failStarts.get(backend.name());
        if (failures != null && failures > 0) {
            failStarts.put(backend.name(), failures - 1);
            throw new UpstreamException("fake: connection refused", false);
        }
        Supplier<FakeMcpServer> server = servers.get(backend.name());
        if (server == null) {
            throw new UpstreamException("fake: no server for " + backend.name(), false);
        }
        FakeTransport transport = new FakeTransport(server.get());
        transports.computeIfAbsent(backend.name(), k -> new CopyOnWriteArrayList<>()).add(transport);
        return transport;
    }

    /** The transports created for backend {@code name}, oldest first. */
    public List<FakeTransport> transports(String name) {
        return List.copyOf(transports.getOrDefault(name, List.of()));
    }

    public FakeTransport latest(String name) {
        List<FakeTransport> list = transports(name);
        return list.isEmpty() ? null : list.getLast();
    }
}
