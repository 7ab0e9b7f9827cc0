package dev.mcpgateway.cli;

import dev.mcpgateway.config.BackendConfig;
import dev.mcpgateway.config.ConfigException;
import dev.mcpgateway.config.ConfigLoader;
import dev.mcpgateway.config.ConfigLocator;
import dev.mcpgateway.config.ConfigProblem;
import dev.mcpgateway.config.GatewayConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code mcp-gateway validate [FILE]}: loads the config exactly as {@code serve} would and reports
 * the result: a one-line summary on stdout (exit 0), or every problem on stderr (exit 1).
 * Nothing it prints contains an expanded {@code ${VAR}} value.
 */
final class ValidateCommand implements CliCommand {

    static final PositionalSpec<Path> FILE = new PositionalSpec<>("FILE", ValueType.PATH, false,
            "The config to check. Default: ./gateway.yaml, ~/.config/mcp-gateway/gateway.yaml,"
                    + " /etc/mcp-gateway/gateway.yaml (the first that exists).");

    static final CommandSpec SPEC = new CommandSpec("validate",
            List.of("Check a gateway.yaml without starting the gateway.",
                    "Prints a summary and exits 0 if the config is valid; otherwise prints every problem"
                            + " (file:line:column: key: message) to stderr and exits 1."),
            List.of(), List.of(FILE), List.of());

    private final Map<String, String> environment;
    private final ConfigLocator locator;

    ValidateCommand() {
        this(System.getenv(), ConfigLocator.system());
    }

    ValidateCommand(Map<String, String> environment, ConfigLocator locator) {
        this.environment = environment;
        this.locator = locator;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CliStreams io) {
        PrintWriter out = io.out();
        PrintWriter err = io.err();
        try {
            Optional<Path> located = locator.find(args.value(FILE));
            if (located.isEmpty()) {
                err.println("mcp-gateway validate: no config file found; looked for "
                        + locator.searchPath().stream().map(Path::toString).collect(Collectors.joining(", "))
                        + " (without one, serve runs the built-in demo backend)");
                err.flush();
                return 1;
            }
            Path path = located.get();
            GatewayConfig config = ConfigLoader.load(path, environment, warning -> printWarning(err, warning));
            err.flush();
            out.println(path + ": OK (" + summary(config) + ")");
            out.flush();
            return 0;
        } catch (ConfigException e) {
            for (ConfigProblem problem : e.problems()) {
                err.println(problem);
            }
            int n = e.problems().size();
            err.println(n == 1 ? "1 problem" : n + " problems");
            err.flush();
            return 1;
        }
    }

    private static void printWarning(PrintWriter err, ConfigProblem warning) {
        err.println(warning.location() + ": warning: " + warning.message());
    }

    /** {@code 3 backends: github [stdio], docs [streamable_http], legacy [sse, disabled]}. */
    static String summary(GatewayConfig config) {
        int n = config.backends().size();
        if (n == 0) {
            return "0 backends";
        }
        return (n == 1 ? "1 backend: " : n + " backends: ")
                + config.backends().values().stream().map(ValidateCommand::describe).collect(Collectors.joining(", "));
    }

    private static String describe(BackendConfig backend) {
        return backend.name() + " [" + backend.transport().yamlName() + (backend.enabled() ? "" : ", disabled") + "]";
    }
}
