package io.innflow.streams.lifecycle;

import io.innflow.streams.config.CommitPolicy;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
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
 *
 * <p>At low load it does not wait for the idle time: when the thread's last commit carried fewer than
 * {@link CommitPolicy#lowLoadBelow()} commands, the next command is committed as soon as the thread has
 * polled once without getting another (one poll, {@code poll.ms}). A lone client's hold then skips most of
 * the idle wait; once commands share commits, the idle wait batches them again. Under load every poll
 * brings commands, so the commits grow and the thread leaves low load. A fixed short wait instead would
 * not: a saturated stream thread processes about one command a millisecond, so commits a millisecond
 * apart carry one each and keep it at "low load" (docs/benchmarks.md, "No idle wait at low load"). Commits
 * and polls are read from the thread's own {@code commit-total} and {@code poll-total} metrics, so
 * commits on the interval count too.
 */
public final class CommitWhenIdle {

    /** Per stream thread: the commands processed since its last commit, and what that commit carried. */
    private static final class ThreadState {
        /** The thread's commits so far, as last seen; -1 before the first command. */
        long commitsSeen = -1;
        /** Commands processed since the commit last seen. */
        int sinceCommit;
        /** Commands the commit before that one carried (none at start: a node starts at low load). */
        int lastBatch;

        long lastNanos;
        /** The thread's polls when it processed its last command. */
        long pollsAtLastCommand;
        /** The thread's {@code commit-total} and {@code poll-total}, or null where there are none (unit tests). */
        Metric commitTotal;

        Metric pollTotal;
        boolean metricsLooked;
        /** Commits this class asked for, counted where the commit metric is missing. */
        long requested;
    }

    /** How often the idle check runs: Kafka Streams' finest wall-clock punctuation. */
    static final Duration CHECK_EVERY = Duration.ofMillis(1);

    private static final ThreadLocal<ThreadState> STATE = ThreadLocal.withInitial(ThreadState::new);

    private final ProcessorContext<?, ?> context;
    private final long idleNanos;
    private final int lowLoadBelow;
    private Cancellable check;

    private CommitWhenIdle(ProcessorContext<?, ?> context, CommitPolicy policy) {
        this.context = context;
        this.idleNanos = policy.whenIdle().toNanos();
        this.lowLoadBelow = policy.lowLoadBelow();
    }

    /**
     * The idle commit of a processor that may process commands or catalog changes, on {@code context}'s
     * task. Each such processor keeps its own (the catalog applier and the command processor share a
     * task, and either may be the one that processed).
     */
    public static CommitWhenIdle on(ProcessorContext<?, ?> context, CommitPolicy policy) {
        return new CommitWhenIdle(context, policy);
    }

    /** A command (or a catalog change) was processed on this thread: commit once the thread idles. */
    public void processed() {
        ThreadState state = STATE.get();
        long commits = commits(state);
        if (commits != state.commitsSeen) {
            state.lastBatch = state.commitsSeen < 0 ? 0 : state.sinceCommit;
            state.sinceCommit = 0;
            state.commitsSeen = commits;
        }
        state.sinceCommit++;
        state.lastNanos = System.nanoTime();
        state.pollsAtLastCommand = polls(state);
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
        boolean pending = state.sinceCommit > 0 && commits(state) == state.commitsSeen;
        if (pending && !lowLoad(state) && System.nanoTime() - state.lastNanos < idleNanos) {
            return;
        }
        if (pending) {
            state.requested++;
            context.commit();
        }
        // Committed by this check, or already by another's or on the interval: nothing is pending until the
        // next command.
        check.cancel();
        check = null;
    }

    /**
     * Low load and nothing more coming: the last commit carried fewer than {@code lowLoadBelow} commands,
     * and the thread has polled since its last command without getting another.
     */
    private boolean lowLoad(ThreadState state) {
        return state.lastBatch < lowLoadBelow && state.pollTotal != null && polls(state) > state.pollsAtLastCommand;
    }

    /** The thread's commits so far: its {@code commit-total} metric, or the commits asked for here. */
    private long commits(ThreadState state) {
        lookUpMetrics(state);
        return state.commitTotal == null ? state.requested : count(state.commitTotal);
    }

    /** The thread's polls so far; 0 where the metric is missing, and then there is no low-load commit. */
    private long polls(ThreadState state) {
        lookUpMetrics(state);
        return state.pollTotal == null ? 0 : count(state.pollTotal);
    }

    private void lookUpMetrics(ThreadState state) {
        if (!state.metricsLooked) {
            state.metricsLooked = true;
            state.commitTotal = threadMetric(context, "commit-total");
            state.pollTotal = threadMetric(context, "poll-total");
        }
    }

    private static long count(Metric total) {
        return ((Number) total.metricValue()).longValue();
    }

    private static Metric threadMetric(ProcessorContext<?, ?> context, String metric) {
        String thread = Thread.currentThread().getName();
        for (Map.Entry<MetricName, ? extends Metric> e :
                context.metrics().metrics().entrySet()) {
            MetricName name = e.getKey();
            if (name.name().equals(metric)
                    && name.group().equals("stream-thread-metrics")
                    && thread.equals(name.tags().get("thread-id"))) {
                return e.getValue();
            }
        }
        return null;
    }
}
