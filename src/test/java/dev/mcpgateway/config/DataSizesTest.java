package dev.mcpgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DataSizesTest {

    @ParameterizedTest
    @CsvSource({
        "10485760, 10485760",
        "512B, 512",
        "512KiB, 524288",
        "4MiB, 4194304",
        "4mib, 4194304",
        "1GiB, 1073741824",
        "1KB, 1000",
        "1MB, 1000000",
        "2GB, 2000000000",
        "4M, 4194304",
        "64k, 65536",
        "1.5MiB, 1572864",
        "'4 MiB', 4194304"
    })
    void readsBytesAndUnits(String text, long expected) {
        assertThat(DataSizes.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MiB", "4 lightyears", "-1", "4TiB", "four"})
    void refusesWhatIsNotASize(String text) {
        assertThatThrownBy(() -> DataSizes.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a size such as 4MiB, 512KiB, 1MB or a number of bytes, got \"" + text + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "10.0"})
    void refusesFractionalBytes(String text) {
        assertThatThrownBy(() -> DataSizes.parse(text))
                .hasMessage("expected a whole number of bytes or a size with a unit such as 1.5MiB, got \"" + text + "\"");
    }

    @ParameterizedTest
    @CsvSource({"4194304, 4MiB", "524288, 512KiB", "1073741824, 1GiB", "1536, 1536B", "1000, 1000B", "0, 0B"})
    void formatsInTheLargestBinaryUnitThatDivides(long bytes, String expected) {
        assertThat(DataSizes.format(bytes)).isEqualTo(expected);
    }
}
