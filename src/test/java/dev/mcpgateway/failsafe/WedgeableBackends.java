package dev.mcpgateway.failsafe;

import dev.mcpgateway.backend.TransportFactory;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.backend.UpstreamTransport;
import dev.mcpgateway.config.BackendConfig;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.testing.FakeBackends;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link FakeBackends} whose connections can be wedged: a wedged connection accepts every message
 * and never answers (a hung server that still holds its pipe or socket open).
 */
final class WedgeableBackends implements TransportFactory {

    private final FakeBackends fakes;
    private final List<Wedgeable> created = new CopyOnWriteArrayList<>();

    WedgeableBackends(FakeBackends fakes) {
        this.fakes = fakes;
    }

    @Override
    public UpstreamTransport create(BackendConfig backend) throws UpstreamException {
        Wedgeable transport = new Wedgeable(fakes.create(backend));
        created.add(transport);
        return transport;
    }

    List<Wedgeable> created() {
        return List.copyOf(created);
    }

    Wedgeable latest() {
        return created.getLast();
    }

    static final class Wedgeable implements UpstreamTransport {
        private final UpstreamTransport delegate;
        private final java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
        private volatile boolean wedged;
        private volatile boolean closed;
        private volatile long pingDelayMillis;

        Wedgeable(UpstreamTransport delegate) {
            this.delegate = delegate;
        }

        void wedge() {
            wedged = true;
        }

        /** Pings reach the server this much later (a slow server). */
        void delayPings(long millis) {
            pingDelayMillis = millis;
        }

        /** Pings sent over this connection. */
        int pings() {
            return pings.get();
        }

        boolean isClosed() {
            return closed;
        }

        @Override
        public void start(Listener listener) throws UpstreamException {
            delegate.start(listener);
        }

        @Override
        public void send(JsonRpcMessage message) throws UpstreamException {
            if (message instanceof dev.mcpgateway.jsonrpc.JsonRpcRequest r && r.method().equals("ping")) {
                pings.incrementAndGet();
                long delay = pingDelayMillis;
                if (delay > 0 && !wedged) {
                    Thread.ofVirtual().start(() -> {
                        try {
                            Thread.sleep(delay);
                            delegate.send(message);
                        } catch (InterruptedException | UpstreamException e) {
                            // the connection went away meanwhile
                        }
                    });
                    return;
                }
            }
            if (!wedged) {
                delegate.send(message);
            }
        }

        @Override
        public void initialized(String protocolVersion) {
            delegate.initialized(protocolVersion);
        }

        @Override
        public void abandon(JsonValue requestId) {
            delegate.abandon(requestId);
        }

        @Override
        public String kind() {
            return "fake";
        }

        @Override
        public void close() {
            closed = true;
            delegate.close();
        }
    }
}
