package dev.mcpgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class StartupWarmUpTest {

    @Test
    void everyClassItWarmsExists() {
        for (String name : StartupWarmUp.SLOW_STATIC_INITIALISERS) {
            assertThatCode(() -> Class.forName(name, false, getClass().getClassLoader())).as(name).doesNotThrowAnyException();
        }
    }

    @Test
    void warmingTwiceIsHarmless() {
        assertThatCode(() -> {
            StartupWarmUp.initialiseSlowClasses();
            StartupWarmUp.initialiseSlowClasses();
        }).doesNotThrowAnyException();
    }

    @Test
    void jettyIsToldTheCacheLinePaddingOnlyWhenNobodyElseHas() throws Exception {
        String before = System.getProperty(StartupWarmUp.JETTY_REFERENCES_PER_CACHE_LINE);
        try {
            System.setProperty(StartupWarmUp.JETTY_REFERENCES_PER_CACHE_LINE, "8");
            StartupWarmUp.begin();
            assertThat(System.getProperty(StartupWarmUp.JETTY_REFERENCES_PER_CACHE_LINE)).isEqualTo("8");

            System.clearProperty(StartupWarmUp.JETTY_REFERENCES_PER_CACHE_LINE);
            StartupWarmUp.begin();
            assertThat(System.getProperty(StartupWarmUp.JETTY_REFERENCES_PER_CACHE_LINE)).isEqualTo("16");
        } finally {
            if (before == null) {
                System.clearProperty(StartupWarmUp.JETTY_REFERENCES_PER_CACHE_LINE);
            } else {
                System.setProperty(StartupWarmUp.JETTY_REFERENCES_PER_CACHE_LINE, before);
            }
        }
    }
}
