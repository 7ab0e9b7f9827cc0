package dev.mcpgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeySpellingTest {

    private static final List<String> BACKEND_KEYS = List.of("description", "enabled", "command", "args", "env", "cwd",
            "http_url", "headers", "transport", "streamable_http", "protocol_version", "timeout", "prefix",
            "session_mode", "failsafe");

    @ParameterizedTest
    @CsvSource({
        "comand, command",
        "commmand, command",
        "tiemout, timeout",
        "enabeld, enabled",
        "header, headers",
        "httpUrl, http_url",
        "HTTP_URL, http_url",
        "session-mode, session_mode",
        "protocolVersion, protocol_version",
        "cdw, cwd"
    })
    void suggestsTheKeyATypoWasMeantToBe(String typo, String expected) {
        assertThat(KeySpelling.suggest(typo, BACKEND_KEYS)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "foo", "oauth", "idle_timeout", "url", "environment"})
    void suggestsNothingWhenNoKeyIsClose(String key) {
        assertThat(KeySpelling.suggest(key, BACKEND_KEYS)).isEmpty();
    }

    @Test
    void countsASwapOfNeighboursAsOneEdit() {
        assertThat(KeySpelling.distance("tiemout", "timeout")).isEqualTo(1);
        assertThat(KeySpelling.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(KeySpelling.distance("", "abc")).isEqualTo(3);
    }
}
