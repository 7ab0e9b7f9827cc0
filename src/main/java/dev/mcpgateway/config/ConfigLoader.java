package dev.mcpgateway.config;

import dev.mcpgateway.config.YamlNode.Entry;
import dev.mcpgateway.config.YamlNode.Mapping;
import dev.mcpgateway.config.YamlNode.Scalar;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@code gateway.yaml} into a validated {@link GatewayConfig}: parse (with positions),
 * expand {@code ${VAR}}, check every key and value, and report all problems at once.
 *
 * <p>Warnings (keys of the Rust mcp-gateway that are accepted but ignored, surfaced tools of
 * disabled backends) go to the given consumer, by default one WARN log line each.
 */
public final class ConfigLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    /** A config file is small; anything bigger is almost certainly the wrong file. */
    static final int MAX_FILE_BYTES = 4 << 20;

    private ConfigLoader() {}

    /** Loads {@code file} with the process environment, logging warnings. */
    public static GatewayConfig load(Path file) throws ConfigException {
        return load(file, System.getenv(), ConfigLoader::logWarning);
    }

    /** Loads {@code file}; relative {@code cwd} paths in it are resolved against its directory. */
    public static GatewayConfig load(Path file, Map<String, String> environment, Consumer<ConfigProblem> warnings)
            throws ConfigException {
        String source = file.toString();
        String text = readText(file, source);
        Path baseDir = file.toAbsolutePath().normalize().getParent();
        return load(text, source, environment, baseDir, warnings, Optional.of(file));
    }

    /** Loads YAML text (e.g. in tests); {@code sourceName} is used in messages, relative paths start at the working directory. */
    public static GatewayConfig load(String yamlText, String sourceName, Map<String, String> environment)
            throws ConfigException {
        return load(yamlText, sourceName, environment, Path.of("").toAbsolutePath(), ConfigLoader::logWarning);
    }

    /** Loads YAML text with an explicit directory for relative paths and a warning consumer. */
    public static GatewayConfig load(String yamlText, String sourceName, Map<String, String> environment, Path baseDir,
            Consumer<ConfigProblem> warnings) throws ConfigException {
        return load(yamlText, sourceName, environment, baseDir, warnings, Optional.empty());
    }

    private static GatewayConfig load(String yamlText, String sourceName, Map<String, String> environment, Path baseDir,
            Consumer<ConfigProblem> warnings, Optional<Path> source) throws ConfigException {
        Diagnostics diagnostics = new Diagnostics(sourceName, warnings);
        try {
            Optional<YamlNode> root = YamlDocumentReader.read(yamlText, diagnostics);
            diagnostics.throwIfAny();
            LoadContext ctx = new LoadContext(diagnostics, new VariableExpander(environment), baseDir);
            GatewayConfig config = read(ctx, root.orElseThrow(), source);
            diagnostics.throwIfAny();
            return config;
        } finally {
            diagnostics.flushWarnings();
        }
    }

    private static GatewayConfig read(LoadContext ctx, YamlNode rootNode, Optional<Path> source) {
        if (!(rootNode instanceof Mapping) && !(rootNode instanceof Scalar s && s.isNull())) {
            ctx.diagnostics().error(rootNode.mark(), "", "the config must be a mapping with keys such as server: and backends:,"
                    + " got " + rootNode.kind());
            rootNode = new Mapping(List.of(), rootNode.mark());
        }
        MappingReader root = MappingReader.of(ctx, "", rootNode, false)
                .rustOnlyKeys(RustGatewayKeys.TOP_LEVEL)
                .allowExtensionKeys();
        FailsafeConfig failsafe = FailsafeReader.read(root.section("failsafe"), FailsafeConfig.DEFAULTS);

        Map<String, BackendConfig> backends = new LinkedHashMap<>();
        Map<String, Boolean> declared = new LinkedHashMap<>();
        for (Entry entry : root.entries("backends")) {
            Optional<BackendConfig> backend = BackendReader.read(ctx, entry, failsafe);
            backend.ifPresent(b -> backends.put(b.name(), b));
            declared.put(entry.key(), backend.map(BackendConfig::enabled).orElseGet(() -> declaredEnabled(entry)));
        }
        MetaMcpConfig metaMcp = MetaMcpReader.read(root.section("meta_mcp"), declared);
        // read after the backends: ready_requires names them (problems are reported in file order anyway)
        ServerConfig server = ServerReader.read(root.section("server"), declared);
        TelemetryConfig telemetry = TelemetryReader.read(root.section("telemetry"));
        root.finish();
        return new GatewayConfig(server, metaMcp, backends, failsafe, source, telemetry);
    }

    /** Whether a backend that has problems is enabled, as far as can be told without reporting anything twice. */
    private static boolean declaredEnabled(Entry entry) {
        if (entry.value() instanceof Mapping m) {
            return m.entry("enabled")
                    .map(e -> !(e.value() instanceof Scalar s && s.text().strip().equalsIgnoreCase("false")))
                    .orElse(true);
        }
        return true;
    }

    private static String readText(Path file, String source) throws ConfigException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw fileProblem(source, "file not found");
        } catch (AccessDeniedException e) {
            throw fileProblem(source, "permission denied");
        } catch (IOException e) {
            throw fileProblem(source, Files.isDirectory(file) ? "is a directory, not a file" : "cannot read: " + e.getMessage());
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw fileProblem(source, "is larger than " + DataSizes.format(MAX_FILE_BYTES) + "; is this the right file?");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw fileProblem(source, "is not UTF-8 text");
        }
    }

    private static ConfigException fileProblem(String source, String message) {
        return new ConfigException(new ConfigProblem(source, 0, 0, "", message));
    }

    private static void logWarning(ConfigProblem warning) {
        LOG.warn("{}: {}", warning.location(), warning.message());
    }
}
