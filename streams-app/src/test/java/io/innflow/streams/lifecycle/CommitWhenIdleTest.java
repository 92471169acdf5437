package io.innflow.streams.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.streams.config.CommitPolicy;
import java.time.Duration;
import java.util.function.BiFunction;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.internals.metrics.StreamsMetricsImpl;
import org.apache.kafka.streams.processor.internals.metrics.ThreadMetrics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommitWhenIdleTest {

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();

    @BeforeEach
    void freshThread() {
        CommitWhenIdle.forgetThread();
    }

    @Test
    void commitsOnceCommandsStopArriving() {
        CommitWhenIdle idle = CommitWhenIdle.on(context, CommitPolicy.whenIdle(Duration.ofNanos(1)));

        idle.processed();
        punctuate(context.scheduledPunctuators().get(0));
        assertThat(context.committed()).isTrue();
    }

    @Test
    void anIdleTaskHasNoPunctuationSoKafkaStreamsHasNothingToCommit() {
        CommitWhenIdle idle = CommitWhenIdle.on(context, CommitPolicy.whenIdle(Duration.ofNanos(1)));
        assertThat(context.scheduledPunctuators())
                .as("a punctuation that runs marks its task for a commit on every interval")
                .isEmpty();

        idle.processed();
        CapturedPunctuator check = context.scheduledPunctuators().get(0);
        punctuate(check);
        assertThat(check.cancelled())
                .as("the check ends with the commit it asked for")
                .isTrue();

        context.resetCommit();
        idle.processed();
        assertThat(context.scheduledPunctuators())
                .as("the next command schedules the next check")
                .hasSize(2);
        assertThat(context.scheduledPunctuators().get(1).cancelled()).isFalse();
    }

    @Test
    void oneCheckWhileCommandsKeepArriving() {
        CommitWhenIdle idle = CommitWhenIdle.on(context, CommitPolicy.whenIdle(Duration.ofHours(1)));
        idle.processed();
        idle.processed();
        CapturedPunctuator check = context.scheduledPunctuators().get(0);
        punctuate(check);

        assertThat(context.committed()).isFalse();
        assertThat(check.cancelled()).as("still pending: the check goes on").isFalse();
        assertThat(context.scheduledPunctuators()).hasSize(1);
    }

    @Test
    void oneCommitPerThreadCoversEveryTaskOfIt() {
        MockProcessorContext<Object, Object> otherTask = new MockProcessorContext<>();
        CommitWhenIdle mine = CommitWhenIdle.on(context, CommitPolicy.whenIdle(Duration.ofNanos(1)));
        CommitWhenIdle other = CommitWhenIdle.on(otherTask, CommitPolicy.whenIdle(Duration.ofNanos(1)));
        mine.processed();
        other.processed();

        punctuate(otherTask.scheduledPunctuators().get(0));
        assertThat(otherTask.committed())
                .as("exactly-once v2 commits the thread's tasks together")
                .isTrue();

        CapturedPunctuator myCheck = context.scheduledPunctuators().get(0);
        punctuate(myCheck);
        assertThat(context.committed()).as("committed with the other task").isFalse();
        assertThat(myCheck.cancelled())
                .as("and nothing is pending: this check ends too")
                .isTrue();
    }

    @Test
    void atLowLoadOnePollWithoutACommandIsEnough() {
        Sensor commits = threadSensor(ThreadMetrics::commitSensor);
        Sensor polls = threadSensor(ThreadMetrics::pollSensor);
        CommitWhenIdle idle = CommitWhenIdle.on(context, new CommitPolicy(Duration.ofHours(1), 2));

        idle.processed();
        CapturedPunctuator check = context.scheduledPunctuators().get(0);
        punctuate(check);
        assertThat(context.committed())
                .as("the thread has not polled since the command")
                .isFalse();
        polls.record(); // and got nothing
        punctuate(check);
        assertThat(context.committed())
                .as("a node starts at low load: its first command does not wait an idle time")
                .isTrue();
        assertThat(check.cancelled()).isTrue();

        commits.record(); // Kafka Streams commits
        context.resetCommit();
        idle.processed();
        polls.record();
        punctuate(context.scheduledPunctuators().get(1));
        assertThat(context.committed())
                .as("the last commit carried one command: this one does not wait either")
                .isTrue();
    }

    @Test
    void aPollThatBringsACommandIsNoReasonToCommit() {
        Sensor polls = threadSensor(ThreadMetrics::pollSensor);
        threadSensor(ThreadMetrics::commitSensor);
        CommitWhenIdle idle = CommitWhenIdle.on(context, new CommitPolicy(Duration.ofHours(1), 2));
        idle.processed();
        polls.record();
        idle.processed(); // what that poll brought
        CapturedPunctuator check = context.scheduledPunctuators().get(0);

        punctuate(check);
        assertThat(context.committed())
                .as("a saturated thread polls commands every time: it waits for the idle time")
                .isFalse();
        polls.record();
        punctuate(check);
        assertThat(context.committed()).as("then a poll brings none").isTrue();
    }

    @Test
    void onceCommitsCarrySeveralCommandsTheIdleWaitBatchesThem() {
        Sensor commits = threadSensor(ThreadMetrics::commitSensor);
        Sensor polls = threadSensor(ThreadMetrics::pollSensor);
        CommitWhenIdle idle = CommitWhenIdle.on(context, new CommitPolicy(Duration.ofHours(1), 2));
        idle.processed();
        idle.processed();
        idle.processed();
        polls.record();
        punctuate(context.scheduledPunctuators().get(0));
        commits.record(); // the three in one commit
        context.resetCommit();

        idle.processed();
        polls.record();
        punctuate(context.scheduledPunctuators().get(1));
        assertThat(context.committed())
                .as("the last commit carried three: wait for the thread to idle, an hour here")
                .isFalse();
    }

    @Test
    void aCommitOfOneOnTheIntervalBringsBackTheLowLoadCommit() {
        Sensor commits = threadSensor(ThreadMetrics::commitSensor);
        Sensor polls = threadSensor(ThreadMetrics::pollSensor);
        CommitWhenIdle idle = CommitWhenIdle.on(context, new CommitPolicy(Duration.ofHours(1), 2));
        idle.processed();
        idle.processed();
        polls.record();
        punctuate(context.scheduledPunctuators().get(0));
        commits.record(); // a commit of two
        context.resetCommit();

        idle.processed();
        polls.record();
        CapturedPunctuator waiting = context.scheduledPunctuators().get(1);
        punctuate(waiting);
        assertThat(context.committed()).as("after a commit of two").isFalse();
        commits.record(); // Kafka Streams' interval commits the one
        punctuate(waiting);
        assertThat(context.committed()).as("nothing left for the check").isFalse();
        assertThat(waiting.cancelled()).isTrue();

        idle.processed();
        polls.record();
        punctuate(context.scheduledPunctuators().get(2));
        assertThat(context.committed())
                .as("that commit carried one command: low load again")
                .isTrue();
    }

    @Test
    void aCommitOnTheIntervalLeavesTheCheckNothingToCommit() {
        Sensor commits = threadSensor(ThreadMetrics::commitSensor);
        CommitWhenIdle idle = CommitWhenIdle.on(context, CommitPolicy.whenIdle(Duration.ofNanos(1)));
        idle.processed();
        commits.record(); // on the interval, before the thread idled
        CapturedPunctuator check = context.scheduledPunctuators().get(0);

        punctuate(check);
        assertThat(context.committed())
                .as("nothing processed since Kafka Streams' own commit")
                .isFalse();
        assertThat(check.cancelled()).isTrue();
    }

    @Test
    void noLowLoadCommitWhenTheIdleCommitIsOff() {
        CommitWhenIdle.on(context, new CommitPolicy(Duration.ZERO, 2)).processed();
        assertThat(context.scheduledPunctuators()).isEmpty();
    }

    @Test
    void zeroMeansTheIntervalOnly() {
        CommitWhenIdle.on(context, CommitPolicy.whenIdle(Duration.ZERO)).processed();
        assertThat(context.scheduledPunctuators()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0.000000001S", "PT0.002S", "PT1S"})
    void checksOnWallClockTimeEveryMillisecondWhateverTheIdleTime(Duration idle) {
        CommitWhenIdle.on(context, CommitPolicy.whenIdle(idle)).processed();
        var scheduled = context.scheduledPunctuators().get(0);
        assertThat(scheduled.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
        assertThat(scheduled.getInterval())
                .as("a check every idle time would commit up to two idle times after the last command")
                .isEqualTo(Duration.ofMillis(1));
    }

    /** One of the stream thread's sensors, as Kafka Streams registers it; {@code record()} is one commit or poll. */
    private Sensor threadSensor(BiFunction<String, StreamsMetricsImpl, Sensor> sensor) {
        return sensor.apply(Thread.currentThread().getName(), (StreamsMetricsImpl) context.metrics());
    }

    private static void punctuate(CapturedPunctuator check) {
        check.getPunctuator().punctuate(0);
    }
}
