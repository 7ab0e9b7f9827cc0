package dev.mcpgateway.backend;

import dev.mcpgateway.config.BackendConfig;

/** Makes a new transport for a backend: one per connection attempt (transports are one-shot). */
@FunctionalInterface
public interface TransportFactory {

    UpstreamTransport create(BackendConfig backend) throws UpstreamException;
}
