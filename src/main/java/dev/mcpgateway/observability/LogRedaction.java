package dev.mcpgateway.observability;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.mcpgateway.config.BackendConfig;
import dev.mcpgateway.config.GatewayConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The last line of defence for secrets in logs. The gateway never logs configuration values
 * itself; but a backend may echo a token in an error body, or a child process print its
 * environment to stderr, and the gateway logs those. So every line is scrubbed on its way out:
 * the values that are secrets in the configuration (HTTP header values, the values of environment
 * variables whose names say they are secret, URL credentials and query values, the collector's
 * headers) are replaced with {@value #MASK}, wherever they appear in the line (message, fields,
 * stack trace), and so is any credential written in HTTP authorization syntax ({@code Bearer ...},
 * {@code Basic ...}), as libraries log request headers at debug level.
 *
 * <p>Secrets are registered once per gateway start; the set only grows (logging is process-wide).
 */
public final class LogRedaction {

    static final String MASK = "***";
    /** Shorter values would mask ordinary words; such "secrets" protect nothing anyway. */
    static final int MIN_LENGTH = 6;
    private static final Pattern SECRET_NAME = Pattern.compile(
            ".*(TOKEN|SECRET|PASSWORD|PASSWD|PASS|API_?KEY|ACCESS_?KEY|PRIVATE|CREDENTIAL|AUTH|COOKIE|SESSION|KEY).*");

    /** Credentials in HTTP authorization syntax, wherever a library logs a header ({@code Bearer abc...}). */
    private static final Pattern AUTHORIZATION = Pattern.compile("(?i)\\b(bearer|basic|token)(\\s+)[A-Za-z0-9._~+/=-]{6,}");

    private static volatile String[] secrets = new String[0];

    private LogRedaction() {}

    /** Adds the secret values of {@code config} to the set scrubbed from every log line. */
    public static void registerSecretsOf(GatewayConfig config) {
        register(secretsOf(config));
    }

    static synchronized void register(Collection<String> values) {
        Set<String> all = new LinkedHashSet<>(List.of(secrets));
        for (String value : values) {
            if (value != null && value.length() >= MIN_LENGTH) {
                all.add(value);
            }
        }
        // longest first, so a token inside a longer header value is masked as part of the whole
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        secrets = sorted.toArray(String[]::new);
    }

    static List<String> secretsOf(GatewayConfig config) {
        List<String> out = new ArrayList<>();
        for (BackendConfig backend : config.backends().values()) {
            backend.headers().values().forEach(value -> addHeaderValue(out, value));
            backend.env().forEach((name, value) -> {
                if (SECRET_NAME.matcher(name.toUpperCase(Locale.ROOT)).matches()) {
                    out.add(value);
                }
            });
            backend.httpUrl().ifPresent(url -> addUrlSecrets(out, url));
        }
        config.telemetry().headers().values().forEach(value -> addHeaderValue(out, value));
        config.telemetry().endpoint().ifPresent(url -> addUrlSecrets(out, url));
        return out;
    }

    /** The whole value, and for {@code Bearer xyz} / {@code Basic xyz} the credential alone too. */
    private static void addHeaderValue(List<String> out, String value) {
        out.add(value);
        int space = value.indexOf(' ');
        if (space > 0) {
            out.add(value.substring(space + 1).strip());
        }
    }

    private static void addUrlSecrets(List<String> out, URI url) {
        if (url.getRawUserInfo() != null) {
            out.add(url.getRawUserInfo());
            int colon = url.getRawUserInfo().indexOf(':');
            if (colon >= 0) {
                out.add(url.getRawUserInfo().substring(colon + 1));
            }
        }
        if (url.getRawQuery() != null) {
            for (String pair : url.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq >= 0) {
                    out.add(pair.substring(eq + 1));
                }
            }
        }
    }

    /** {@code text} with every registered secret, and any {@code Bearer}/{@code Basic} credential, masked. */
    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        if (mayHoldCredential(out)) {
            out = AUTHORIZATION.matcher(out).replaceAll("$1$2" + MASK);
        }
        return out;
    }

    /** A cheap test before the regular expression: most lines mention no authorization scheme. */
    private static boolean mayHoldCredential(String text) {
        return text.contains("earer") || text.contains("EARER") || text.contains("asic") || text.contains("ASIC")
                || text.contains("oken") || text.contains("OKEN");
    }

    /** An encoder whose every line is {@linkplain #scrub scrubbed}. */
    static Encoder<ILoggingEvent> scrubbing(Encoder<ILoggingEvent> delegate) {
        return new ScrubbingEncoder(delegate);
    }

    private static final class ScrubbingEncoder extends EncoderBase<ILoggingEvent> {

        private final Encoder<ILoggingEvent> delegate;

        ScrubbingEncoder(Encoder<ILoggingEvent> delegate) {
            this.delegate = delegate;
        }

        @Override
        public byte[] headerBytes() {
            return delegate.headerBytes();
        }

        @Override
        public byte[] encode(ILoggingEvent event) {
            byte[] line = delegate.encode(event);
            if (line == null) {
                return null;
            }
            String text = new String(line, StandardCharsets.UTF_8);
            String clean = scrub(text);
            return clean == text ? line : clean.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] footerBytes() {
            return delegate.footerBytes();
        }

        @Override
        public void start() {
            delegate.start();
            super.start();
        }

        @Override
        public void stop() {
            delegate.stop();
            super.stop();
        }
    }
}
