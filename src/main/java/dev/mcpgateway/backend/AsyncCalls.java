package dev.mcpgateway.backend;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The few rules every asynchronous backend call follows.
 *
 * <p>A call's future completes on whatever thread learns the outcome (the HTTP client's selector,
 * a stdio pump, a timer), and what is chained to it runs there too. So nothing chained may block:
 * work that may wait (connecting a backend, waiting in a bulkhead's line, a retry's backoff) goes
 * to a virtual thread through {@link #onVirtualThread}. Failures travel as exceptional
 * completions carrying an {@link UpstreamException} (or, for bugs, a runtime exception); a
 * {@link CompletionException} wrapper is never part of the meaning, so {@link #cause} strips it.
 */
public final class AsyncCalls {

    /** Starts one virtual thread per task: for the parts of a call that may block. */
    public static final Executor VIRTUAL_THREADS = task -> Thread.ofVirtual().name("mcp-call").start(task);

    /** A step that may block and fail with an {@link UpstreamException}. */
    @FunctionalInterface
    public interface Blocking<T> {
        T run() throws UpstreamException;
    }

    private AsyncCalls() {}

    /**
     * Runs {@code step} on a new virtual thread; its result or failure completes the future. The
     * step sees the caller's trace context and log fields, so what it sends carries them.
     */
    public static <T> CompletableFuture<T> onVirtualThread(Blocking<T> step) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Map<String, String> logFields = ThreadLogFields.current();
        try {
            VIRTUAL_THREADS.execute(Context.current().wrap(() -> {
                if (logFields != null) {
                    ThreadLogFields.install(logFields);
                }
                try {
                    result.complete(step.run());
                } catch (UpstreamException | RuntimeException | Error e) {
                    result.completeExceptionally(e);
                }
            }));
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /** Runs {@code step} here; a thrown failure becomes a failed future. */
    public static <T> CompletableFuture<T> here(Blocking<T> step) {
        try {
            return CompletableFuture.completedFuture(step.run());
        } catch (UpstreamException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * What the calling thread carries for a call (its trace context and log fields), taken now to
     * be put back where the call's completion runs: events and log lines of the outcome then
     * belong to the request, whichever thread delivers it.
     */
    public static Carried carry() {
        return new Carried(Thread.currentThread(), Context.current(), ThreadLogFields.current());
    }

    /** See {@link #carry}. */
    public static final class Carried {
        private final Thread caller;
        private final Context context;
        private final Map<String, String> logFields;

        private Carried(Thread caller, Context context, Map<String, String> logFields) {
            this.caller = caller;
            this.context = context;
            this.logFields = logFields;
        }

        /** Runs {@code action} with what was carried, then puts back what this thread had. */
        public <T> T call(Supplier<T> action) {
            if (Thread.currentThread() == caller && Context.current() == context) {
                return action.get(); // still where the call started (an answer that came at once)
            }
            Map<String, String> previous = ThreadLogFields.current();
            boolean swap = previous != logFields; // the very snapshot (or none on both): nothing to put or put back
            if (swap) {
                ThreadLogFields.install(logFields);
            }
            try (Scope scope = context.makeCurrent()) {
                return action.get();
            } finally {
                if (swap) {
                    ThreadLogFields.install(previous);
                }
            }
        }

        public void run(Runnable action) {
            call(() -> {
                action.run();
                return null;
            });
        }
    }

    /** The failure itself, without the wrappers the futures add. */
    public static Throwable cause(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * Waits for a call's outcome (on a virtual thread, for the callers that are synchronous):
     * its answer, or its failure thrown as it was raised.
     */
    public static <T> T await(CompletableFuture<T> future) throws UpstreamException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallCancelledException("interrupted");
        } catch (ExecutionException e) {
            throw rethrow(cause(e));
        }
    }

    /** Throws {@code failure} as what it is; returns a wrapper only for checked exceptions of other kinds. */
    public static UpstreamException rethrow(Throwable failure) throws UpstreamException {
        switch (failure) {
            case UpstreamException upstream -> throw upstream;
            case RuntimeException runtime -> throw runtime;
            case Error error -> throw error;
            default -> {
                return new UpstreamException("call failed: " + failure, true, failure);
            }
        }
    }
}
