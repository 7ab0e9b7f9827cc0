package dev.mcpgateway;

import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Takes two slow pieces of library start-up off the path to "listening": one is skipped, the
 * other runs on the second core while the main thread reads the configuration.
 *
 * <p>Measured with JFR at 1 ms sampling on a 2-core machine (docs/benchmarks.md, 2026-12-07):
 * <ul>
 *   <li>Jetty's {@code MemoryUtils} starts the platform MBean server (about 55 ms) only to ask
 *       whether object references are compressed, so that it can pad a queue to a cache line.
 *       Telling it the answer skips that. 16 references per 64-byte line is right for compressed
 *       references (any heap under 32 GB); with 8-byte references it pads two lines instead of
 *       one, which costs a few bytes per queue and nothing else.
 *   <li>Static initialisers that do not depend on anything of ours: {@code BigDecimal} (about
 *       20 ms of {@code BigInteger} arithmetic, first touched by the YAML parser) and Jetty's
 *       {@code MimeTypes} (about 40 ms listing every installed locale, first touched by the
 *       HTTP server). A class is initialised once; if the main thread gets there first, or
 *       meanwhile, it waits for the same initialisation instead of repeating it.
 * </ul>
 */
public final class StartupWarmUp {

    static final String JETTY_REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    /** In the order the main thread needs them: the config is parsed before the server is built. */
    static final List<String> SLOW_STATIC_INITIALISERS = List.of("java.math.BigDecimal", "org.eclipse.jetty.http.MimeTypes");

    private StartupWarmUp() {}

    /** Call early in a command that starts the gateway, before any Jetty class is loaded. */
    public static void begin() {
        if (System.getProperty(JETTY_REFERENCES_PER_CACHE_LINE) == null) {
            System.setProperty(JETTY_REFERENCES_PER_CACHE_LINE, "16");
        }
        // Logging is set up here, on the caller's thread, before the warm-up starts: Jetty's classes
        // get their loggers in their static initialisers, and while SLF4J initialises it hands any
        // other thread a substitute factory, which made the caller's own logging setup fail with a
        // ClassCastException (seen in 1 of 2 starts when the warm-up came first).
        LoggerFactory.getILoggerFactory();
        Thread.ofPlatform().name("startup-warm-up").daemon().start(StartupWarmUp::initialiseSlowClasses);
    }

    static void initialiseSlowClasses() {
        ClassLoader loader = StartupWarmUp.class.getClassLoader();
        for (String name : SLOW_STATIC_INITIALISERS) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // Nothing to warm: whoever needs the class later gets the error where it matters.
            }
        }
    }
}
