package io.innflow.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Holds answered per room type over a whole run (warm-up included), to check after it that the rooms
 * each system says are taken match the holds it confirmed.
 */
final class HoldTally {

    private final Map<RoomType, LongAdder> confirmed = new ConcurrentHashMap<>();
    private final Map<RoomType, LongAdder> unknown = new ConcurrentHashMap<>();

    /** Notes one answer; returns {@code status}. 409s took nothing; anything but a 201 may have. */
    int note(RoomType target, int status) {
        if (status == 201) {
            confirmed.computeIfAbsent(target, k -> new LongAdder()).increment();
        } else if (status != 409) {
            unknown.computeIfAbsent(target, k -> new LongAdder()).increment();
        }
        return status;
    }

    /**
     * Checks the rooms {@code held} per room type (on the run's nights) against the holds answered: every
     * 201 must have taken a room (asserted), and returns the rooms taken that no 201 explains and no 202 or
     * failed call could have (0 unless a system holds rooms it never confirmed).
     */
    long beyondConfirmed(Map<RoomType, Long> held) {
        long beyond = 0;
        for (var e : confirmed.entrySet()) {
            long taken = held.getOrDefault(e.getKey(), 0L);
            assertThat(taken)
                    .as("rooms held at %s vs holds answered 201", e.getKey())
                    .isGreaterThanOrEqualTo(e.getValue().sum());
        }
        for (var e : held.entrySet()) {
            long ok = count(confirmed, e.getKey());
            long maybe = count(unknown, e.getKey());
            beyond += Math.max(0, e.getValue() - ok - maybe);
        }
        return beyond;
    }

    private static long count(Map<RoomType, LongAdder> counts, RoomType target) {
        LongAdder n = counts.get(target);
        return n == null ? 0 : n.sum();
    }
}
