package io.innflow.streams.lifecycle;

import java.time.Duration;
import org.apache.kafka.streams.processor.Cancellable;
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
 * <p>The pending state is kept per stream thread, not per task: under exactly-once v2 a commit requested
 * by one task commits every task of its thread in one transaction, so the question is whether the
 * thread, not a task, is idle.
 *
 * <p>The check runs only while a commit is pending: it is scheduled by the first command after a commit
 * and cancels itself once it has asked for the commit. Kafka Streams marks a task as needing a commit
 * whenever one of its punctuations runs, and commits such a task on every interval, with the same
 * offsets as before if nothing else happened: a check running every millisecond for good made an idle
 * node commit an empty transaction ten times a second (docs/benchmarks.md, "An idle node commits
 * nothing").
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

    private final ProcessorContext<?, ?> context;
    private final long idleNanos;
    private Cancellable check;

    private CommitWhenIdle(ProcessorContext<?, ?> context, long idleNanos) {
        this.context = context;
        this.idleNanos = idleNanos;
    }

    /**
     * The idle commit of a processor that may process commands or catalog changes, on {@code context}'s
     * task; {@code idle} zero: commit on the interval only. Each such processor keeps its own (the
     * catalog applier and the command processor share a task, and either may be the one that processed).
     */
    public static CommitWhenIdle on(ProcessorContext<?, ?> context, Duration idle) {
        return new CommitWhenIdle(context, idle.toNanos());
    }

    /** A command (or a catalog change) was processed on this thread: commit once the thread idles. */
    public void processed() {
        ThreadState state = STATE.get();
        state.pending = true;
        state.lastNanos = System.nanoTime();
        if (idleNanos > 0 && check == null) {
            // Checked every millisecond whatever the idle time: checking every `idle` would commit between one
            // and two idle times after the last command, and the check is a read of this thread's state.
            check = context.schedule(CHECK_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> commitIfIdle());
        }
    }

    /** Forgets this thread's pending commands (tests run many processors on one thread). */
    static void forgetThread() {
        STATE.remove();
    }

    private void commitIfIdle() {
        ThreadState state = STATE.get();
        if (System.nanoTime() - state.lastNanos < idleNanos) {
            return;
        }
        if (state.pending) {
            state.pending = false;
            context.commit();
        }
        // Committed by this check or by another task's: nothing is pending until the next command.
        check.cancel();
        check = null;
    }
}
