package dev.mcpgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "100ms, PT0.1S",
        "30s, PT30S",
        "5m, PT5M",
        "2h, PT2H",
        "1d, PT24H",
        "1m30s, PT1M30S",
        "1h30m, PT1H30M",
        "1h0m5s250ms, PT1H5.25S",
        "0s, PT0S",
        "' 10s ', PT10S"
    })
    void readsDurationsWithUnits(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "0", "1.5"})
    void refusesBareNumbersAndSuggestsAUnit(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a duration with a unit, got \"" + text + "\"; write for example \"" + text
                        + "s\" for seconds or \"" + text + "ms\" for milliseconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "abc", "10 s", "10sec", "-5s", "1.5s", "5m 30s", "10us"})
    void refusesAnythingElse(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a duration like 100ms, 30s, 5m, 2h or 1m30s, got \"" + text + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"30s1m", "1m1m", "5ms1s"})
    void wantsUnitsFromTheLargestDownEachOnce(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .hasMessage("expected a duration like 1h30m (units from the largest down, each once), got \"" + text + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999s", "9223372036854775807d"})
    void refusesDurationsTooLargeToRepresent(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).hasMessage("duration \"" + text + "\" is too large");
    }

    @ParameterizedTest
    @CsvSource({"PT0.1S, 100ms", "PT30S, 30s", "PT1M30S, 1m30s", "PT26H, 1d2h", "PT0S, 0s", "PT0.0000005S, 500ns"})
    void formatsTheWayItParses(Duration duration, String expected) {
        assertThat(Durations.format(duration)).isEqualTo(expected);
        if (!expected.endsWith("ns")) {
            assertThat(Durations.parse(expected)).isEqualTo(duration);
        }
    }
}
