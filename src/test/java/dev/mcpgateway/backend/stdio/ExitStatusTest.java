package dev.mcpgateway.backend.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExitStatusTest {

    @Test
    void describesExitCodesAndSignals() {
        assertThat(ExitStatus.describe(0)).isEqualTo("exited with code 0");
        assertThat(ExitStatus.describe(3)).isEqualTo("exited with code 3");
        assertThat(ExitStatus.describe(128)).isEqualTo("exited with code 128");
        assertThat(ExitStatus.describe(137)).isEqualTo("killed by signal 9 (SIGKILL)");
        assertThat(ExitStatus.describe(143)).isEqualTo("killed by signal 15 (SIGTERM)");
        assertThat(ExitStatus.describe(139)).isEqualTo("killed by signal 11 (SIGSEGV)");
        assertThat(ExitStatus.describe(128 + 40)).isEqualTo("killed by signal 40");
        assertThat(ExitStatus.describe(255)).isEqualTo("exited with code 255");
    }
}
