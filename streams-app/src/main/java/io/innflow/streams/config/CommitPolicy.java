package io.innflow.streams.config;

import java.time.Duration;

/**
 * When the stream thread commits the commands and catalog changes it processed, besides Kafka Streams'
 * own {@code commit.interval.ms}; applied by {@code CommitWhenIdle}.
 *
 * @param whenIdle commit once the thread has found no further command for this long; zero: on the
 *     interval only (and {@code lowLoadBelow} does not apply either)
 * @param lowLoadBelow when the thread's last commit carried fewer commands than this, commit the next
 *     one at the first check, without the idle wait; 0: always wait
 */
public record CommitPolicy(Duration whenIdle, int lowLoadBelow) {

    /** The idle commit alone, without the low-load commit (tests). */
    public static CommitPolicy whenIdle(Duration idle) {
        return new CommitPolicy(idle, 0);
    }
}
