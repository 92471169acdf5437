package io.innflow.streams.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoreKeysTest {

    @Test
    void timeIndexKeysAreTheTwentyDigitMillisTheIndexWasWrittenWith() {
        for (Instant at : new Instant[] {
            Instant.EPOCH, Instant.parse("2026-12-03T13:00:00.123Z"), Instant.ofEpochMilli(Long.MAX_VALUE)
        }) {
            assertThat(StoreKeys.timeIndex(at, "h1", "x"))
                    .isEqualTo(String.format("%020d", at.toEpochMilli()) + StoreKeys.SEPARATOR + "h1"
                            + StoreKeys.SEPARATOR + "x");
        }
    }

    @Test
    void keysSortByTimeAcrossADigitBoundary() {
        String earlier = StoreKeys.timeIndex(Instant.ofEpochMilli(999), "h", "a");
        String later = StoreKeys.timeIndex(Instant.ofEpochMilli(1000), "h", "a");
        assertThat(earlier).isLessThan(later);
        assertThat(StoreKeys.timeIndexUpTo(Instant.ofEpochMilli(999)))
                .isLessThan(later)
                .isGreaterThan(earlier);
    }
}
