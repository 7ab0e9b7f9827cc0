package dev.mcpgateway.backend.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinuxProcessesTest {

    @Test
    void parsesStatLinesWhoseCommandNameHoldsSpacesAndParentheses() {
        var stat = LinuxProcesses.parse(42, "42 (my (odd) name) Z 1 40 41 0 -1 4194304 0 0").orElseThrow();
        assertThat(stat).isEqualTo(new LinuxProcesses.Stat(42, 'Z', 1, 40, 41));
        assertThat(stat.isZombie()).isTrue();
    }

    @Test
    void readsItsOwnProcessWhereProcExists() {
        if (LinuxProcesses.available()) {
            long self = ProcessHandle.current().pid();
            assertThat(LinuxProcesses.stat(self)).hasValueSatisfying(s -> assertThat(s.isZombie()).isFalse());
        }
    }
}
