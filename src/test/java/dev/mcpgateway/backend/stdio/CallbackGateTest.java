package dev.mcpgateway.backend.stdio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CallbackGateTest {

    private final CallbackGate gate = new CallbackGate();

    @Test
    void shutWaitsForACallbackRunningOnAnotherThread() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread callback = Thread.ofPlatform().start(() -> {
            if (gate.enter()) {
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    gate.exit();
                }
            }
        });
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        AtomicBoolean shut = new AtomicBoolean();
        Thread closer = Thread.ofPlatform().start(() -> {
            gate.shut();
            shut.set(true);
        });
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).untilFalse(shut);
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).untilTrue(shut);
        callback.join();
        closer.join();
        assertThat(gate.enter()).isFalse();
        assertThat(gate.enterLast()).isFalse();
    }

    @Test
    void aCallbackMayShutTheGateItIsIn() {
        assertThat(gate.enter()).isTrue();
        gate.shut(); // must not wait for itself
        assertThat(gate.isInsideCallback()).isTrue();
        gate.exit();
        assertThat(gate.isInsideCallback()).isFalse();
        assertThat(gate.enter()).isFalse();
    }

    @Test
    void theLastCallbackComesOnceAndNotAfterShut() {
        assertThat(gate.enterLast()).isTrue();
        gate.exit();
        assertThat(gate.enterLast()).isFalse();
        assertThat(gate.enter()).isFalse();

        CallbackGate shutFirst = new CallbackGate();
        shutFirst.shut();
        assertThat(shutFirst.enterLast()).isFalse();
    }
}
