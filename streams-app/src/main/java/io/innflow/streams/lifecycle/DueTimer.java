package io.innflow.streams.lifecycle;

import java.time.Duration;
import java.util.function.LongUnaryOperator;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * A wall-clock punctuation that runs only when something is due, instead of on a fixed period: the
 * hold expiry and the idempotency window's end. Kafka Streams marks a task as needing a commit after
 * every punctuation, so a periodic one makes an idle task commit a transaction on every commit
 * interval; this one is armed for the earliest due time it has been told of, runs once, and is armed
 * again for what its run says is due next.
 *
 * <p>Runs are at least {@code minGap} apart, so that what falls due in between is handled in one run.
 * Used by one processor, on its stream thread only.
 */
public final class DueTimer {

    /** What {@link #run} answers when nothing is due. */
    public static final long NOTHING_DUE = Long.MAX_VALUE;

    private final ProcessorContext<?, ?> context;
    private final long minGapMs;
    private final LongUnaryOperator run;
    private Cancellable armed;
    private long armedAt = NOTHING_DUE;
    private long lastRunMs;

    /**
     * @param run does what is due at the wall-clock time it is given and answers the epoch millis at which
     *     something is due next ({@link #NOTHING_DUE} for nothing; a time already past: again after
     *     {@code minGap})
     */
    public DueTimer(ProcessorContext<?, ?> context, Duration minGap, LongUnaryOperator run) {
        this.context = context;
        this.minGapMs = minGap.toMillis();
        this.run = run;
    }

    /**
     * Runs a millisecond from now, to learn from the stores what is due: for a processor's {@code init},
     * where the task's clock is not yet the wall clock.
     */
    public void runSoon() {
        arm(0, 1);
    }

    /** Something falls due at {@code epochMs}: runs then, or at the earlier time already armed. */
    public void dueAt(long epochMs) {
        long at = Math.max(epochMs, lastRunMs + minGapMs);
        if (at < armedAt) {
            arm(at, Math.max(1, at - context.currentSystemTimeMs()));
        }
    }

    /** The wall-clock time of the armed run, or {@link #NOTHING_DUE}: for tests. */
    long armedAt() {
        return armedAt;
    }

    private void arm(long at, long delayMs) {
        if (armed != null) {
            armed.cancel();
        }
        armedAt = at;
        armed = context.schedule(Duration.ofMillis(delayMs), PunctuationType.WALL_CLOCK_TIME, this::fire);
    }

    private void fire(long nowMs) {
        armed.cancel(); // one run per arming; cancelling from inside the punctuation is allowed
        armed = null;
        armedAt = NOTHING_DUE;
        lastRunMs = nowMs;
        long next = run.applyAsLong(nowMs);
        if (next != NOTHING_DUE) {
            dueAt(next);
        }
    }
}
