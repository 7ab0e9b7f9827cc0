package dev.mcpgateway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class DefaultLogConfiguratorTest {

    /** A class loader that finds no resources at all: no logback.xml anywhere. */
    private static final ClassLoader NO_RESOURCES = new URLClassLoader(new URL[0], null);

    @Test
    void withoutAConfigurationFileItInstallsTheDefaultsAndStopsTheFileLookup() {
        LoggerContext context = new LoggerContext();
        ExecutionStatus status = new DefaultLogConfigurator(NO_RESOURCES, Map.<String, String>of()::get).configure(context);

        assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(root.getAppender("STDERR")).isInstanceOfSatisfying(ConsoleAppender.class, appender -> {
            assertThat(appender.getTarget()).isEqualTo("System.err");
            assertThat(appender.isStarted()).isTrue();
        });
        assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.opentelemetry").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger(RequestLog.ACCESS).getLevel()).isEqualTo(Level.OFF);
    }

    @Test
    void aConfigurationFilePropertyHandsOverToLogbacksOwnLookup() {
        LoggerContext context = new LoggerContext();
        ExecutionStatus status = new DefaultLogConfigurator(NO_RESOURCES,
                Map.of(DefaultLogConfigurator.CONFIG_FILE_PROPERTY, "/etc/mcp-gateway/logback.xml")::get).configure(context);

        assertThat(status).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
    }

    @Test
    void aLogbackFileOnTheClassPathHandsOverToLogbacksOwnLookup() {
        // the test class path carries logback-test.xml
        LoggerContext context = new LoggerContext();
        ExecutionStatus status = new DefaultLogConfigurator(getClass().getClassLoader(), Map.<String, String>of()::get)
                .configure(context);

        assertThat(status).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
    }

    @Test
    void logbackFindsItAsAService() {
        assertThat(ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class).stream().map(ServiceLoader.Provider::type))
                .contains(DefaultLogConfigurator.class);
    }
}
