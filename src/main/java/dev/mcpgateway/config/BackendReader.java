package dev.mcpgateway.config;

import dev.mcpgateway.config.YamlNode.Entry;
import dev.mcpgateway.config.YamlNode.Scalar;
import dev.mcpgateway.config.YamlNode.Sequence;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one {@code backends.<name>} entry: its transport (explicit, from {@code streamable_http},
 * or inferred from {@code command} / {@code http_url}), the settings that belong to that transport
 * only, and its failsafe section merged over the global one.
 */
final class BackendReader {

    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern PROTOCOL_VERSION = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Headers the gateway itself sets on upstream requests; a configured value would fight it. */
    private static final Set<String> GATEWAY_HEADERS = Set.of(
            "host", "content-length", "content-type", "transfer-encoding", "connection", "accept",
            "mcp-session-id", "mcp-protocol-version", "last-event-id");
    /** Words a shell would treat as operators; without a shell they would reach the program as arguments. */
    private static final Set<String> SHELL_OPERATORS = Set.of("|", "||", "&&", ";", "&", ">", ">>", "<", "<<", "2>", "2>&1");

    private BackendReader() {}

    /** Reads the backend; empty if it has problems (they are reported). */
    static Optional<BackendConfig> read(LoadContext ctx, Entry entry, FailsafeConfig globalFailsafe) {
        Diagnostics diagnostics = ctx.diagnostics();
        int errorsBefore = diagnostics.errorCount();
        String name = entry.key();
        String path = "backends." + name;
        if (!BackendConfig.NAME.matcher(name).matches()) {
            diagnostics.error(entry.keyMark(), path, "backend names are 1 to 32 letters, digits, '_' or '-'");
        }
        MappingReader m = MappingReader.of(ctx, path, entry.value(), false)
                .rustOnlyKeys(RustGatewayKeys.BACKEND)
                .refusedKeys(RustGatewayKeys.REFUSED_BACKEND);
        boolean enabled = m.bool("enabled").orElse(true);
        m.setLenient(!enabled);

        String description = m.string("description").orElse("");
        boolean hasCommand = m.hasValue("command");
        boolean hasUrl = m.hasValue("http_url");
        List<String> command = hasCommand ? command(m) : List.of();
        List<String> args = m.stringList("args");
        Map<String, String> env = m.stringMap("env");
        env.keySet().forEach(key -> checkEnvName(m, key));
        Optional<Path> cwd = m.optionalString("cwd").flatMap(dir -> directory(m, dir, enabled));
        Optional<URI> url = m.scalar("http_url", "an http:// or https:// URL", false, BackendReader::httpUrl);
        Map<String, String> headers = m.stringMap("headers");
        headers.forEach((header, value) -> checkHeader(m, header, value));
        Optional<TransportKind> explicit = m.choice("transport", TransportKind.class);
        Optional<Boolean> streamableHttp = m.bool("streamable_http");
        Optional<String> protocolVersion = m.scalar("protocol_version", "an MCP protocol version such as 2025-11-25", true,
                BackendReader::protocolVersion);
        Optional<Duration> timeout = m.positiveDuration("timeout");
        Map<String, Duration> toolTimeouts = toolTimeouts(m);
        String prefix = m.scalar("prefix", "a tool name prefix", false, BackendReader::prefix).orElse(name);
        SessionMode sessionMode = m.choice("session_mode", SessionMode.class).orElse(SessionMode.SHARED);
        MappingReader failsafeSection = m.section("failsafe");
        FailsafeConfig failsafe = FailsafeReader.read(failsafeSection, globalFailsafe);
        m.finish();

        TransportKind transport = transport(m, entry, hasCommand, hasUrl, url, explicit, streamableHttp);
        if (hasCommand != hasUrl) {
            checkTransportSpecificKeys(m, transport);
        }
        if (timeout.isPresent() && failsafeSection.hasValue("timeout") && !failsafeSection.isInvalid("timeout")
                && !timeout.get().equals(failsafe.timeout())) {
            m.errorAtKey("timeout", "contradicts failsafe.timeout (" + Durations.format(failsafe.timeout())
                    + "); set only one of them");
        }
        if (diagnostics.errorCount() != errorsBefore) {
            return Optional.empty();
        }
        List<String> argv = new ArrayList<>(command);
        argv.addAll(args);
        return Optional.of(new BackendConfig(name, description, enabled, transport,
                transport == TransportKind.STDIO ? argv : List.of(), env, cwd, url, headers, protocolVersion,
                timeout.orElse(failsafe.timeout()), prefix, sessionMode, failsafe, toolTimeouts));
    }

    /**
     * {@code tool_timeouts: {tool_name: 5m}}: per-call timeouts of single tools, by the backend's own
     * tool name (the tools are only known once the backend runs, so the names cannot be checked here).
     */
    private static Map<String, Duration> toolTimeouts(MappingReader m) {
        Map<String, Duration> out = new LinkedHashMap<>();
        for (Entry item : m.entries("tool_timeouts")) {
            String path = m.pathOf("tool_timeouts") + "." + item.key();
            if (item.key().isEmpty()) {
                m.context().diagnostics().error(m.subKeyMark("tool_timeouts", item.key()), m.pathOf("tool_timeouts"),
                        "tool names cannot be empty; write the backend's own name of the tool");
                continue;
            }
            m.convert(item.value(), path, "tool_timeouts", "a duration such as 5m", false, (text, shown) -> {
                Duration d = Durations.parse(text, shown);
                if (d.isZero() || d.isNegative()) {
                    throw new IllegalArgumentException("expected a duration longer than 0, got " + shown);
                }
                return d;
            }).ifPresent(d -> out.put(item.key(), d));
        }
        return out;
    }

    /**
     * The command as argv. A string is split like a shell would before {@code ${VAR}} expansion,
     * so an expanded value (a token, a path with spaces) always stays one argument and its quotes
     * or backslashes are never interpreted.
     */
    private static List<String> command(MappingReader m) {
        YamlNode value = m.entry("command").orElseThrow().value();
        String path = m.pathOf("command");
        List<String> argv = new ArrayList<>();
        StringBuilder written = new StringBuilder();
        if (value instanceof Scalar s) {
            written.append(s.text());
            List<String> words;
            try {
                words = ShellWords.split(s.text());
            } catch (IllegalArgumentException e) {
                m.error("command", "cannot split the command line: " + e.getMessage()
                        + "; fix the quoting or write the command as a list");
                return List.of();
            }
            for (String word : words) {
                if (SHELL_OPERATORS.contains(word)) {
                    m.error("command", "\"" + word + "\" is a shell operator, but the command runs without a shell;"
                            + " use cwd for the directory, or command: [sh, -c, \"...\"] if you need a shell");
                    return List.of();
                }
                m.expand(new Scalar(word, false, s.mark()), path, "command").ifPresent(argv::add);
            }
        } else if (value instanceof Sequence seq) {
            for (int i = 0; i < seq.items().size(); i++) {
                YamlNode item = seq.items().get(i);
                if (item instanceof Scalar s) {
                    written.append(s.text()).append(' ');
                }
                m.convert(item, path + "[" + i + "]", "command", "a string", false, (text, shown) -> text)
                        .ifPresent(argv::add);
            }
        } else {
            m.error("command", "expected a command line or a list of words, got " + value.kind());
            return List.of();
        }
        if (m.isInvalid("command")) {
            return List.of();
        }
        if (argv.isEmpty() || argv.getFirst().isBlank()) {
            List<String> unset = m.context().expander().unsetIn(written.toString());
            m.error("command", !unset.isEmpty()
                    ? VariableExpander.missingMessage(unset) + " (the backend is disabled, but its command cannot be checked without it)"
                    : argv.isEmpty()
                            ? "is empty; give the program to run, e.g. \"npx -y @modelcontextprotocol/server-everything\""
                            : "the program name is empty");
        }
        return List.copyOf(argv);
    }

    private static TransportKind transport(MappingReader m, Entry entry, boolean hasCommand, boolean hasUrl,
            Optional<URI> url, Optional<TransportKind> explicit, Optional<Boolean> streamableHttp) {
        if (hasCommand && hasUrl) {
            m.errorAtKey("http_url", "a backend has either command (a stdio server) or http_url (an HTTP server), not both");
            return TransportKind.STDIO;
        }
        if (!hasCommand && !hasUrl) {
            if (!m.isInvalid("command") && !m.isInvalid("http_url")) {
                m.context().diagnostics().error(entry.keyMark(), m.path(),
                        "needs either \"command\" (to start a stdio server) or \"http_url\" (to connect to an HTTP server)");
            }
            return TransportKind.STDIO;
        }
        TransportKind inferred;
        if (hasCommand) {
            inferred = TransportKind.STDIO;
        } else if (streamableHttp.isPresent()) {
            inferred = streamableHttp.get() ? TransportKind.STREAMABLE_HTTP : TransportKind.SSE;
        } else {
            inferred = url.map(BackendReader::looksLikeSse).orElse(false) ? TransportKind.SSE : TransportKind.STREAMABLE_HTTP;
        }
        if (streamableHttp.isPresent() && hasCommand) {
            m.errorAtKey("streamable_http", "is for http_url backends; this backend runs a command (stdio)");
        }
        if (explicit.isEmpty()) {
            return inferred;
        }
        TransportKind t = explicit.get();
        if (t == TransportKind.STDIO && !hasCommand) {
            m.error("transport", "stdio needs a command, but this backend has http_url");
        } else if (t.isHttp() && hasCommand) {
            m.error("transport", t.yamlName() + " needs http_url, but this backend has a command");
        } else if (t.isHttp() && streamableHttp.isPresent() && t != inferred) {
            m.errorAtKey("streamable_http", "streamable_http: " + streamableHttp.get() + " contradicts transport: "
                    + t.yamlName());
        }
        return t;
    }

    /** The Rust gateway's rule: an endpoint ending in /sse is a legacy HTTP+SSE server. */
    private static boolean looksLikeSse(URI url) {
        String p = url.getPath() == null ? "" : url.getPath();
        return p.endsWith("/sse") || p.endsWith("/sse/");
    }

    private static void checkTransportSpecificKeys(MappingReader m, TransportKind transport) {
        if (m.isInvalid("command") || m.isInvalid("http_url")) {
            return;
        }
        if (transport == TransportKind.STDIO) {
            if (m.hasValue("headers")) {
                m.errorAtKey("headers", "headers are for http_url backends; this backend runs a command (stdio)");
            }
            return;
        }
        for (String key : List.of("args", "env", "cwd")) {
            if (m.hasValue(key)) {
                m.errorAtKey(key, key + " is for command (stdio) backends; this backend connects to http_url");
            }
        }
    }

    private static void checkEnvName(MappingReader m, String key) {
        if (key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf('\0') >= 0) {
            m.context().diagnostics().error(m.subKeyMark("env", key), m.pathOf("env") + "." + key,
                    "environment variable names cannot be empty or contain '='");
        }
    }

    private static void checkHeader(MappingReader m, String header, String value) {
        String path = m.pathOf("headers") + "." + header;
        if (!HEADER_NAME.matcher(header).matches()) {
            m.context().diagnostics().error(m.subKeyMark("headers", header), path, "is not a valid HTTP header name");
        } else if (GATEWAY_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
            m.context().diagnostics().error(m.subKeyMark("headers", header), path, "is set by the gateway itself and cannot be configured");
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
            // Do not show the value: it is usually a secret, often expanded from a variable.
            m.context().diagnostics().error(m.subKeyMark("headers", header), path, "header values cannot contain line breaks");
        }
    }

    private static Optional<Path> directory(MappingReader m, String dir, boolean mustExist) {
        String shown = MappingReader.shown(m.entry("cwd").map(e -> ((Scalar) e.value()).text()).orElse(dir));
        Path resolved;
        try {
            String home = System.getProperty("user.home");
            String expanded = dir.equals("~") ? home : dir.startsWith("~/") ? home + dir.substring(1) : dir;
            resolved = m.context().baseDir().resolve(expanded).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            m.error("cwd", "expected a directory path, got " + shown);
            return Optional.empty();
        }
        if (mustExist && !Files.isDirectory(resolved)) {
            m.error("cwd", Files.exists(resolved)
                    ? "expected a directory, got " + shown + ", which is a file"
                    : "directory " + shown + " does not exist" + (Path.of(dir).isAbsolute() || dir.startsWith("~")
                            ? "" : " (relative paths start from the config file's directory)"));
            return Optional.empty();
        }
        return Optional.of(resolved);
    }

    private static URI httpUrl(String text, String shown) {
        if (!text.contains("://")) {
            throw new IllegalArgumentException("expected an http:// or https:// URL, got " + shown);
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("expected an http:// or https:// URL, got " + shown + " (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("expected an http:// or https:// URL, got " + shown);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("expected a URL with a host, such as http://127.0.0.1:3001/mcp, got " + shown);
        }
        return uri;
    }

    private static String protocolVersion(String text, String shown) {
        String v = text.strip();
        if (!PROTOCOL_VERSION.matcher(v).matches()) {
            throw new IllegalArgumentException("expected an MCP protocol version such as \"2025-11-25\", got " + shown);
        }
        return v;
    }

    private static String prefix(String text, String shown) {
        if (!BackendConfig.PREFIX.matcher(text).matches()) {
            throw new IllegalArgumentException("expected up to 32 letters, digits, '_' or '-' (\"\" for no prefix), got " + shown);
        }
        return text;
    }
}
