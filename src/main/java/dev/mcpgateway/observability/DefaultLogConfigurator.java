package dev.mcpgateway.observability;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.function.UnaryOperator;

/**
 * Logback's first configurator (found through {@code META-INF/services}): installs the gateway's
 * default logging in code instead of from a {@code logback.xml}.
 *
 * <p>Why: reading an XML configuration with Joran took about 100 ms of a start that should take
 * under a second (measured with JFR, docs/benchmarks.md), and {@code serve} replaces the
 * configuration a moment later anyway ({@link Logging#configure}).
 *
 * <p>A configuration file still wins when someone asks for one: {@code -Dlogback.configurationFile},
 * or a {@code logback-test.xml} / {@code logback.xml} on the class path (the test suite has one).
 * Then this configurator steps aside and Logback's own file lookup runs as usual.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class DefaultLogConfigurator extends ContextAwareBase implements Configurator {

    static final String CONFIG_FILE_PROPERTY = "logback.configurationFile";

    private final ClassLoader resources;
    private final UnaryOperator<String> systemProperties;

    /** Called by Logback through the service loader. */
    public DefaultLogConfigurator() {
        this(DefaultLogConfigurator.class.getClassLoader(), System::getProperty);
    }

    DefaultLogConfigurator(ClassLoader resources, UnaryOperator<String> systemProperties) {
        this.resources = resources;
        this.systemProperties = systemProperties;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (configurationFileRequested()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Logging.installDefaults(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private boolean configurationFileRequested() {
        return systemProperties.apply(CONFIG_FILE_PROPERTY) != null
                || resources.getResource("logback-test.xml") != null
                || resources.getResource("logback.xml") != null;
    }
}
