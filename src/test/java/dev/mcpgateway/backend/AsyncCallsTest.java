package dev.mcpgateway.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class AsyncCallsTest {

    @AfterEach
    void clearLogFields() {
        MDC.clear();
    }

    @Test
    void aBlockingStepRunsOnAVirtualThreadWithTheCallersLogFields() throws Exception {
        MDC.put("request_id", "r-1");
        CompletableFuture<String> result = AsyncCalls.onVirtualThread(() ->
                Thread.currentThread().isVirtual() + " " + MDC.get("request_id"));
        assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("true r-1");
    }

    @Test
    void awaitThrowsTheFailureAsItWasRaisedNotWrapped() {
        UpstreamException failure = new UpstreamException("backend `a` is down", false);
        CompletableFuture<String> failed = AsyncCalls.onVirtualThread(() -> {
            throw failure;
        });
        assertThatThrownBy(() -> AsyncCalls.await(failed)).isSameAs(failure);
        assertThatThrownBy(() -> AsyncCalls.await(CompletableFuture.failedFuture(new CompletionException(failure)))).isSameAs(failure);
        IllegalStateException bug = new IllegalStateException("bug");
        assertThatThrownBy(() -> AsyncCalls.await(CompletableFuture.failedFuture(bug))).isSameAs(bug);
    }

    @Test
    void hereTurnsAThrownFailureIntoAFailedFuture() {
        CompletableFuture<Object> failed = AsyncCalls.here(() -> {
            throw new CallCancelledException("cancelled by the client");
        });
        assertThat(failed).isCompletedExceptionally();
        assertThat(AsyncCalls.cause(failed.handle((r, e) -> e).join())).isInstanceOf(CallCancelledException.class);
    }

    @Test
    void whatWasCarriedIsInPlaceWhereTheCompletionRunsAndTheThreadsOwnFieldsComeBackAfter() throws Exception {
        MDC.put("request_id", "r-2");
        AsyncCalls.Carried carried = AsyncCalls.carry();
        MDC.clear();
        AtomicReference<String> seen = new AtomicReference<>();
        AtomicReference<String> after = new AtomicReference<>();
        Thread other = Thread.ofPlatform().start(() -> {
            MDC.put("request_id", "other");
            carried.run(() -> seen.set(MDC.get("request_id")));
            after.set(MDC.get("request_id"));
        });
        other.join(5000);
        assertThat(seen.get()).isEqualTo("r-2");
        assertThat(after.get()).isEqualTo("other");
    }

    @Test
    void aThreadWithoutFieldsHasNoneAgainAfterTheCompletionAndLaterChangesAtTheCallerAreNotCarried() throws Exception {
        MDC.put("request_id", "r-4");
        AsyncCalls.Carried carried = AsyncCalls.carry();
        MDC.put("request_id", "changed after carry");
        AtomicReference<String> seen = new AtomicReference<>();
        AtomicReference<Object> after = new AtomicReference<>("not run");
        Thread other = Thread.ofPlatform().start(() -> {
            carried.run(() -> seen.set(MDC.get("request_id")));
            after.set(MDC.getCopyOfContextMap());
        });
        other.join(5000);
        assertThat(seen.get()).isEqualTo("r-4");
        assertThat(after.get()).isNull();
    }

    @Test
    void onTheCallingThreadTheCompletionRunsAsIs() {
        MDC.put("request_id", "r-3");
        AsyncCalls.Carried carried = AsyncCalls.carry();
        assertThat(carried.call(() -> MDC.get("request_id"))).isEqualTo("r-3");
        assertThat(MDC.get("request_id")).isEqualTo("r-3");
    }
}
