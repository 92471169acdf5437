package io.innflow.streams.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the topology keeps its promises under load and after outages: how much one punctuation may do
 * (so a backlog never makes one transaction outlast the poll interval), and how old a command may be
 * and still be applied (so a command replayed after its request was forgotten is never applied twice).
 *
 * @param expireHoldsPerRun the most holds one run of the expiry punctuator expires, oldest
 *     {@code expiresAt} first; the rest wait for the next run
 * @param forgetRequestsPerRun the most remembered requests one run of the forgetting punctuator drops
 * @param replayMargin how much younger than the idempotency window a command must be to be applied:
 *     covers clock differences between the node that stamped it and the one that judges it
 */
public record ReliabilitySettings(int expireHoldsPerRun, int forgetRequestsPerRun, Duration replayMargin) {

    public static final Setting<Integer> EXPIRE_HOLDS_PER_RUN = Setting.of(
            "innflow.reliability.expire-holds-per-run",
            "1000",
            Setting.between(1, 1_000_000),
            "the most holds one run of the hold expiry (when a hold falls due, runs at least 250 ms apart) expires,"
                    + " earliest `expiresAt` first;"
                    + " the rest are expired by the next runs, so a backlog after an outage never makes one"
                    + " transaction outlast the poll interval");
    public static final Setting<Integer> FORGET_REQUESTS_PER_RUN = Setting.of(
            "innflow.reliability.forget-requests-per-run",
            "5000",
            Setting.between(1, 1_000_000),
            "the most remembered requests one run of the forgetting (when a request leaves the window, runs at least"
                    + " a second apart) forgets, oldest first; the rest are forgotten by the next runs");
    public static final Setting<Duration> REPLAY_MARGIN = Setting.of(
            "innflow.reliability.replay-margin",
            "PT5M",
            Setting::positiveDuration,
            "a command older than `innflow.idempotency.retention` minus this margin, and not remembered, is"
                    + " refused (`REQUEST_EXPIRED`) and never applied: its request may have been forgotten (a"
                    + " replay after an offset reset). Must be shorter than the retention");

    /** Every key of this area, in the order docs/configuration.md lists them. */
    public static final List<Setting<?>> SETTINGS =
            List.of(EXPIRE_HOLDS_PER_RUN, FORGET_REQUESTS_PER_RUN, REPLAY_MARGIN);

    /** The settings in {@code values}, a map of key to raw value; absent keys take their defaults. */
    public static ReliabilitySettings from(Map<String, String> values) {
        return new ReliabilitySettings(
                EXPIRE_HOLDS_PER_RUN.read(values), FORGET_REQUESTS_PER_RUN.read(values), REPLAY_MARGIN.read(values));
    }

    /** Every setting at its default. */
    public static ReliabilitySettings defaults() {
        return from(Map.of());
    }

    /**
     * The oldest a command may be and still be applied: the idempotency window minus the margin.
     *
     * @throws IllegalArgumentException naming both keys when the margin leaves no window
     */
    public Duration maxCommandAge(Duration idempotencyRetention) {
        Duration age = idempotencyRetention.minus(replayMargin);
        if (age.isNegative() || age.isZero()) {
            throw new IllegalArgumentException(REPLAY_MARGIN.key() + " (" + replayMargin + ") must be shorter than "
                    + TopologySettings.IDEMPOTENCY_RETENTION.key() + " (" + idempotencyRetention + ")");
        }
        return age;
    }
}
