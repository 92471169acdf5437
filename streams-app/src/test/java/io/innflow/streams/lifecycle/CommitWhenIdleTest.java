package io.innflow.streams.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
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
        CommitWhenIdle idle = CommitWhenIdle.on(context, Duration.ofNanos(1));

        idle.processed();
        punctuate(context.scheduledPunctuators().get(0));
        assertThat(context.committed()).isTrue();
    }

    @Test
    void anIdleTaskHasNoPunctuationSoKafkaStreamsHasNothingToCommit() {
        CommitWhenIdle idle = CommitWhenIdle.on(context, Duration.ofNanos(1));
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
        CommitWhenIdle idle = CommitWhenIdle.on(context, Duration.ofHours(1));
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
        CommitWhenIdle mine = CommitWhenIdle.on(context, Duration.ofNanos(1));
        CommitWhenIdle other = CommitWhenIdle.on(otherTask, Duration.ofNanos(1));
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
    void zeroMeansTheIntervalOnly() {
        CommitWhenIdle.on(context, Duration.ZERO).processed();
        assertThat(context.scheduledPunctuators()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0.000000001S", "PT0.002S", "PT1S"})
    void checksOnWallClockTimeEveryMillisecondWhateverTheIdleTime(Duration idle) {
        CommitWhenIdle.on(context, idle).processed();
        var scheduled = context.scheduledPunctuators().get(0);
        assertThat(scheduled.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
        assertThat(scheduled.getInterval())
                .as("a check every idle time would commit up to two idle times after the last command")
                .isEqualTo(Duration.ofMillis(1));
    }

    private static void punctuate(CapturedPunctuator check) {
        check.getPunctuator().punctuate(0);
    }
}
