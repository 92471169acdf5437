package io.innflow.streams.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
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
        CommitWhenIdle.schedule(context, Duration.ofNanos(1));

        punctuate();
        assertThat(context.committed())
                .as("nothing processed, nothing to commit")
                .isFalse();

        CommitWhenIdle.processed();
        punctuate();
        assertThat(context.committed()).isTrue();

        context.resetCommit();
        punctuate();
        assertThat(context.committed()).as("committed already: not asked again").isFalse();
    }

    @Test
    void waitsWhileCommandsKeepArriving() {
        CommitWhenIdle.schedule(context, Duration.ofHours(1));
        CommitWhenIdle.processed();
        punctuate();
        assertThat(context.committed()).isFalse();
    }

    @Test
    void oneIdleCheckPerThreadCommitsForEveryTaskOfIt() {
        MockProcessorContext<Object, Object> otherTask = new MockProcessorContext<>();
        CommitWhenIdle.schedule(context, Duration.ofNanos(1));
        CommitWhenIdle.schedule(otherTask, Duration.ofNanos(1));
        CommitWhenIdle.processed();

        otherTask.scheduledPunctuators().get(0).getPunctuator().punctuate(0);

        assertThat(otherTask.committed())
                .as("exactly-once v2 commits the thread's tasks together")
                .isTrue();
        punctuate();
        assertThat(context.committed()).isFalse();
    }

    @Test
    void zeroMeansTheIntervalOnly() {
        CommitWhenIdle.schedule(context, Duration.ZERO);
        assertThat(context.scheduledPunctuators()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0.000000001S", "PT0.002S", "PT1S"})
    void checksOnWallClockTimeEveryMillisecondWhateverTheIdleTime(Duration idle) {
        CommitWhenIdle.schedule(context, idle);
        var scheduled = context.scheduledPunctuators().get(0);
        assertThat(scheduled.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
        assertThat(scheduled.getInterval())
                .as("a check every idle time would commit up to two idle times after the last command")
                .isEqualTo(Duration.ofMillis(1));
    }

    private void punctuate() {
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(0);
    }
}
