package io.innflow.streams.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.junit.jupiter.api.Test;

class DueTimerTest {

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private final List<Long> runs = new ArrayList<>();
    private long next = DueTimer.NOTHING_DUE;
    private final DueTimer timer = new DueTimer(context, Duration.ofMillis(250), now -> {
        runs.add(now);
        return next;
    });

    @Test
    void nothingDueNothingScheduled() {
        context.setCurrentSystemTimeMs(10_000);
        assertThat(context.scheduledPunctuators()).isEmpty();
        assertThat(timer.armedAt()).isEqualTo(DueTimer.NOTHING_DUE);
    }

    @Test
    void runsOnceWhenDueOnWallClockTime() {
        context.setCurrentSystemTimeMs(10_000);
        timer.dueAt(70_000);

        CapturedPunctuator armed = live();
        assertThat(armed.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
        assertThat(armed.getInterval()).isEqualTo(Duration.ofMillis(60_000));

        fire(armed, 70_000);
        assertThat(runs).containsExactly(70_000L);
        assertThat(armed.cancelled()).as("one run per arming").isTrue();
        assertThat(liveCount()).as("its run said nothing more is due").isZero();
    }

    @Test
    void armsAgainForWhatItsRunSaysIsDueNext() {
        context.setCurrentSystemTimeMs(10_000);
        timer.dueAt(20_000);
        next = 50_000;
        context.setCurrentSystemTimeMs(20_000);
        fire(live(), 20_000);

        assertThat(timer.armedAt()).isEqualTo(50_000);
        assertThat(live().getInterval()).isEqualTo(Duration.ofMillis(30_000));
    }

    @Test
    void anEarlierDueTimeRearmsALaterOneDoesNot() {
        context.setCurrentSystemTimeMs(10_000);
        timer.dueAt(70_000);
        timer.dueAt(90_000);
        assertThat(timer.armedAt()).isEqualTo(70_000);
        assertThat(liveCount()).isEqualTo(1);

        timer.dueAt(40_000);
        assertThat(timer.armedAt()).isEqualTo(40_000);
        assertThat(liveCount()).as("the later arming is cancelled").isEqualTo(1);
        assertThat(live().getInterval()).isEqualTo(Duration.ofMillis(30_000));
    }

    @Test
    void runsAreAtLeastTheGapApartSoWhatFallsDueInBetweenGoesInOneRun() {
        context.setCurrentSystemTimeMs(10_000);
        timer.dueAt(10_000);
        next = 10_010; // a backlog, or something due right after
        fire(live(), 10_001);

        assertThat(timer.armedAt()).isEqualTo(10_251);
    }

    @Test
    void runSoonLearnsFromItsRunWhatIsDue() {
        timer.runSoon();
        assertThat(live().getInterval()).isEqualTo(Duration.ofMillis(1));
        timer.dueAt(5_000);
        assertThat(liveCount()).as("already about to run").isEqualTo(1);

        next = 80_000;
        context.setCurrentSystemTimeMs(20_000);
        fire(live(), 20_000);
        assertThat(runs).containsExactly(20_000L);
        assertThat(timer.armedAt()).isEqualTo(80_000);
    }

    private CapturedPunctuator live() {
        return context.scheduledPunctuators().stream()
                .filter(p -> !p.cancelled())
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    private long liveCount() {
        return context.scheduledPunctuators().stream()
                .filter(p -> !p.cancelled())
                .count();
    }

    private static void fire(CapturedPunctuator punctuator, long now) {
        punctuator.getPunctuator().punctuate(now);
    }
}
