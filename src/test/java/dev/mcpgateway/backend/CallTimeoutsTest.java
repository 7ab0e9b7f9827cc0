package dev.mcpgateway.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class CallTimeoutsTest {

    @Test
    void aCallThatDoesNotCompleteInTimeFailsWithATimeout() {
        CompletableFuture<String> call = new CompletableFuture<>();
        long start = System.nanoTime();

        CallTimeouts.failAfter(call, TimeUnit.MILLISECONDS.toNanos(50));

        assertThat(call).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(TimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

    @Test
    void deadlinesShorterThanTheTickStillFireOnTime() {
        // The tick sits at the head of the queue; an earlier deadline must still wake the timer.
        CompletableFuture<String> call = new CompletableFuture<>();
        CallTimeouts.failAfter(call, TimeUnit.MILLISECONDS.toNanos(20));

        assertThat(call).failsWithin(CallTimeouts.TICK.dividedBy(2));
    }

    @Test
    void completedCallsTakeTheirDeadlinesWithThem() {
        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            CompletableFuture<String> call = new CompletableFuture<>();
            CallTimeouts.failAfter(call, TimeUnit.MINUTES.toNanos(5));
            calls.add(call);
        }
        calls.forEach(call -> call.complete("done"));

        // only the tick, and deadlines of calls other tests still have pending, remain
        await().atMost(Duration.ofSeconds(5)).until(() -> CallTimeouts.pending() < 10);
        assertThat(calls).allSatisfy(call -> assertThat(call).isCompletedWithValue("done"));
    }
}
