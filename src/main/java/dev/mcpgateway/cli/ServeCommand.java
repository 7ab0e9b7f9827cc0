package dev.mcpgateway.cli;

import dev.mcpgateway.BackendTransports;
import dev.mcpgateway.Gateway;
import dev.mcpgateway.StartupWarmUp;
import dev.mcpgateway.config.BackendConfig;
import dev.mcpgateway.config.ConfigException;
import dev.mcpgateway.config.ConfigLoader;
import dev.mcpgateway.config.ConfigLocator;
import dev.mcpgateway.config.GatewayConfig;
import dev.mcpgateway.observability.Logging;
import dev.mcpgateway.transport.stdio.StdioServer;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** {@code mcp-gateway serve}: runs the gateway over Streamable HTTP, or over stdio with {@code --stdio}. */
final class ServeCommand implements CliCommand {

    private static final int MAX_STDIO_MESSAGE_BYTES = 64 << 20;

    static final OptionSpec<Path> CONFIG = OptionSpec.value(List.of("-c", "--config"), "FILE", ValueType.PATH,
            "The gateway.yaml to use.");
    static final OptionSpec<Integer> PORT = OptionSpec.value(List.of("-p", "--port"), "PORT", ValueType.PORT,
            "Listen on this port (0 = any free port); overrides server.port.");
    static final OptionSpec<String> HOST = OptionSpec.value(List.of("--host"), "HOST", ValueType.STRING,
            "Listen on this address; overrides server.host (default 127.0.0.1).");
    static final OptionSpec<Boolean> STDIO = OptionSpec.flag(List.of("--stdio"),
            "Serve one client over stdin/stdout instead of HTTP (stdout carries only MCP).");
    static final OptionSpec<String> LOG_LEVEL = OptionSpec.value(List.of("--log-level"), "LEVEL", ValueType.STRING,
            "Root log level: trace, debug, info, warn, error, off. Per-logger levels: MCP_GATEWAY_LOG.");
    static final OptionSpec<Logging.Format> LOG_FORMAT = OptionSpec.value(List.of("--log-format"), "FORMAT",
            ValueType.oneOf(Logging.Format.values()),
            "text or json (one JSON object per line). Logs always go to stderr.").withDefault("text");
    static final OptionSpec<Boolean> ACCESS_LOG = OptionSpec.flag(List.of("--access-log"),
            "Log one line per client request (method, id, outcome, latency) at INFO on dev.mcpgateway.access.");

    static final CommandSpec SPEC = new CommandSpec("serve",
            List.of("Run the gateway. Without a config file it serves the built-in demo backend.",
                    "Config lookup: --config, then ./gateway.yaml, ~/.config/mcp-gateway/gateway.yaml, /etc/mcp-gateway/gateway.yaml."),
            List.of(CONFIG, PORT, HOST, STDIO, LOG_LEVEL, LOG_FORMAT, ACCESS_LOG), List.of(), List.of());

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CliStreams io) {
        boolean stdio = args.flag(STDIO);
        // stdout belongs to MCP in stdio mode: keep the real one for the protocol, send stray prints to stderr
        PrintStream mcpOut = System.out;
        if (stdio) {
            System.setOut(System.err);
        }
        try {
            Logging.configure(args.value(LOG_FORMAT), args.value(LOG_LEVEL), System.getenv("MCP_GATEWAY_LOG"), args.flag(ACCESS_LOG));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage()); // a bad --log-level or MCP_GATEWAY_LOG
        }
        StartupWarmUp.begin();
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Logger log = LoggerFactory.getLogger(ServeCommand.class);
        GatewayConfig gatewayConfig;
        try {
            gatewayConfig = loadConfig(log, args.value(CONFIG), args.value(PORT), args.value(HOST));
        } catch (ConfigException e) {
            io.err().println(e.getMessage());
            return 1;
        }
        Gateway gateway;
        try {
            gateway = Gateway.start(gatewayConfig, new BackendTransports(), !stdio);
        } catch (Exception e) {
            log.error("mcp-gateway could not start: {}", e.getMessage());
            return 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        ShutdownSignals.install(stop::countDown);
        // Last resort if the JVM is told to exit some other way: never leave children behind.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> gateway.shutdown(Duration.ofSeconds(2)), "shutdown-hook"));
        StdioServer stdioServer = null;
        if (stdio) {
            OutputStream out = mcpOut != null ? mcpOut : new FileOutputStream(FileDescriptor.out);
            stdioServer = new StdioServer(gateway.dispatcher(), gateway.sessions(), System.in, out, MAX_STDIO_MESSAGE_BYTES);
            StdioServer server = stdioServer;
            Thread.ofPlatform().name("stdio-in").daemon().start(() -> {
                server.run();
                stop.countDown();
            });
            log.info("mcp-gateway serving MCP on stdio ({} backends)", gatewayConfig.enabledBackends().size());
        } else {
            log.info("mcp-gateway listening on {}", gateway.http().mcpUrl());
        }
        if (gateway.http() != null && gateway.http().adminPort() >= 0) {
            log.info("operator endpoints (/health, /metrics, /api/status) on {}", gateway.http().adminUrl());
        }
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        gateway.shutdown(gatewayConfig.server().shutdownTimeout());
        if (stdioServer != null) {
            stdioServer.flushAndStop(1000);
        }
        log.info("mcp-gateway stopped");
        return 0;
    }

    private static GatewayConfig loadConfig(Logger log, Path config, Integer port, String host) throws ConfigException {
        Optional<Path> file = ConfigLocator.locate(config);
        GatewayConfig loaded;
        if (file.isPresent()) {
            loaded = ConfigLoader.load(file.get(), System.getenv(), warning -> log.warn("{}", warning));
            log.info("configuration: {} ({} backends)", file.get(), loaded.enabledBackends().size());
        } else {
            loaded = GatewayConfig.builtInDefault(DemoServerLauncher.command());
            log.info("no gateway.yaml found (looked in {}): serving the built-in demo backend", ConfigLocator.system().searchPath());
        }
        if (port != null) {
            loaded = loaded.withServer(loaded.server().withPort(port));
        }
        if (host != null) {
            loaded = loaded.withServer(loaded.server().withHost(host));
        }
        for (BackendConfig backend : loaded.enabledBackends()) {
            log.debug("backend `{}`: {}", backend.name(), backend.transport().yamlName());
        }
        return loaded;
    }
}
