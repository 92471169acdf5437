package io.innflow.streams.lifecycle;

import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * When the command processor, the catalog reader (whose re-keyed changes the hotel's task reads only
 * once committed) and the benchmarks' Kafka ceiling (so that it is compared on the same policy) ask
 * Kafka Streams to commit. Every answer waits for the commit that carries
 * its result, and Kafka Streams commits on a timer ({@code commit.interval.ms}): a short interval makes
 * single requests fast but spends the stream thread on commits under load, a long one batches well but
 * makes every answer wait for it. This asks for a commit as soon as commands stop arriving: once the
 * stream thread has processed no command for {@code idle} (it polled and found none), the commands
 * processed since the last commit are committed at once. Under steady load the thread never idles and
 * commits on the interval, each commit carrying the whole batch; a closed-loop client population gets
 * its batch committed as soon as it is drained (docs/benchmarks.md, "Where the time went").
 *
 * <p>Kept per stream thread, not per task: under exactly-once v2 a commit requested by one task commits
 * every task of its thread in one transaction, so the question is whether the thread, not a task, is idle.
 */
public final class CommitWhenIdle {

    /** Per stream thread: whether commands were processed since the last commit, and when the last one was. */
    private static final class ThreadState {
        boolean pending;
        long lastNanos;
    }

    /** How often the idle check runs: Kafka Streams' finest wall-clock punctuation. */
    static final Duration CHECK_EVERY = Duration.ofMillis(1);

    private static final ThreadLocal<ThreadState> STATE = ThreadLocal.withInitial(ThreadState::new);

    private CommitWhenIdle() {}

    /**
     * Schedules the idle check on {@code context}'s task; nothing when {@code idle} is zero (commit on the
     * interval only). Every task of a thread that may process commands or catalog changes alone needs one:
     * a processor that always shares its task with one that schedules it (the catalog applier shares the
     * hotel's task with the command processor) only marks what it processed.
     */
    public static void schedule(ProcessorContext<?, ?> context, Duration idle) {
        if (idle.isZero()) {
            return;
        }
        long idleNanos = idle.toNanos();
        // Checked every millisecond whatever the idle time: checking every `idle` would commit between one
        // and two idle times after the last command, and the check is a read of this thread's state.
        context.schedule(CHECK_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> commitIfIdle(context, idleNanos));
    }

    /** A command (or a catalog change) was processed on this thread. */
    public static void processed() {
        ThreadState state = STATE.get();
        state.pending = true;
        state.lastNanos = System.nanoTime();
    }

    /** Forgets this thread's pending commands (tests run many processors on one thread). */
    static void forgetThread() {
        STATE.remove();
    }

    private static void commitIfIdle(ProcessorContext<?, ?> context, long idleNanos) {
        ThreadState state = STATE.get();
        if (state.pending && System.nanoTime() - state.lastNanos >= idleNanos) {
            state.pending = false;
            context.commit();
        }
    }
}
