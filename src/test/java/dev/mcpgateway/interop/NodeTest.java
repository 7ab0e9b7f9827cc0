package dev.mcpgateway.interop;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class NodeTest {

    @Test
    void skipsTheTestWhenThePeersAreMissingAndNotRequired(@TempDir Path interopDir) {
        assertThatThrownBy(() -> Node.assumeInteropAvailable(interopDir, false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("install.sh");
    }

    @Test
    void failsTheTestWhenThePeersAreMissingButRequired(@TempDir Path interopDir) {
        assertThatThrownBy(() -> Node.assumeInteropAvailable(interopDir, true))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("interop.required=true")
                .hasMessageContaining(interopDir.resolve("node_modules").toString());
    }
}
