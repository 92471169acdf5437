package io.innflow.api.limits;

import io.innflow.api.http.ApiException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * At most {@code max} requests of one kind in progress on this node at once; one more is refused at
 * once with 503 {@code overloaded} and {@code Retry-After}, before it does any work. Search is the read
 * whose cost grows with the catalog (docs/limits.md, "Searches in progress"): in an open-model overload
 * the searches waiting for a core grew without end, each holding its store iterators, until the whole
 * JVM fell behind (its KRaft controller seconds late) and the stream thread dropped out of its group. A {@link
 * Semaphore} is the whole mechanism: a resilience library's bulkhead would add a dependency for the
 * same {@code tryAcquire} and {@code release}.
 */
public final class ConcurrencyLimit {

    private final String what;
    private final int max;
    private final Semaphore permits;

    /**
     * @param what the requests bounded, as the refusal names them (e.g. "searches")
     * @param max the bound; 0: no bound
     */
    public ConcurrencyLimit(String what, int max) {
        if (max < 0) {
            throw new IllegalArgumentException("A concurrency bound cannot be negative: " + max);
        }
        this.what = what;
        this.max = max;
        // Without a bound the requests are still counted, for the gauge operators read.
        this.permits = new Semaphore(capacity());
    }

    /**
     * Starts {@code work} if fewer than the bound are in progress, and counts it until the future it
     * returns completes, normally or not (or until it throws).
     *
     * @throws ApiException 503 {@code overloaded} when the bound is reached
     */
    public <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> work) {
        if (!permits.tryAcquire()) {
            throw ApiException.overloaded(
                    max + " " + what + " are in progress on this node, as many as it runs at once");
        }
        CompletableFuture<T> started;
        try {
            started = work.get();
        } catch (RuntimeException | Error e) {
            permits.release();
            throw e;
        }
        return started.whenComplete((value, failure) -> permits.release());
    }

    /** Requests in progress now, counted with or without a bound. */
    public int inProgress() {
        return capacity() - permits.availablePermits();
    }

    private int capacity() {
        return max == 0 ? Integer.MAX_VALUE : max;
    }
}
