package dev.mcpgateway.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a graceful shutdown. Without this the JVM would run its shutdown
 * hooks and exit 143; a gateway that drains and stops its children should exit 0.
 */
final class ShutdownSignals {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);

    private ShutdownSignals() {}

    /** Runs {@code onSignal} (once per signal) on SIGTERM and SIGINT. */
    static void install(Runnable onSignal) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    LOG.info("received SIG{}: shutting down", signal.getName());
                    onSignal.run();
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                LOG.debug("cannot handle SIG{} here: {}", name, e.getMessage());
            }
        }
    }
}
