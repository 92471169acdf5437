package io.innflow.streams.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the topology needs to know: the rules it applies to commands and the shape of the topics it
 * creates. Read by {@code InnflowTopology.build}; nothing here concerns a node's servers.
 *
 * @param partitions partition count of the topics the application creates (and of its repartition topic)
 * @param holdTtl default time to live of a hold
 * @param maxHoldTtl the longest hold a client may ask for
 * @param idempotencyRetention how long a request id is remembered (a repeat within it returns the first result)
 * @param maxHeldRoomNights the most room-nights (rooms × nights) one guest may hold at once at one hotel;
 *     0 for no bound
 * @param commitWhenIdle how long the stream thread may find no command before it commits the ones it
 *     processed, instead of waiting for {@code commit.interval.ms}; zero: on the interval only
 */
public record TopologySettings(
        int partitions,
        Duration holdTtl,
        Duration maxHoldTtl,
        Duration idempotencyRetention,
        int maxHeldRoomNights,
        Duration commitWhenIdle) {

    public static final Setting<Integer> PARTITIONS = Setting.of(
            "innflow.topics.partitions",
            "6",
            Setting.between(1, 10_000),
            "partitions of the topics the application creates (cluster: 12+)");
    public static final Setting<Duration> HOLD_TTL = Setting.of(
            "innflow.hold.ttl", "PT10M", Setting::positiveDuration, "default hold lifetime (ISO-8601 duration)");
    public static final Setting<Duration> HOLD_MAX_TTL = Setting.of(
            "innflow.hold.max-ttl",
            "PT30M",
            Setting::positiveDuration,
            "the longest hold a client may ask for with `holdSeconds`");
    public static final Setting<Duration> IDEMPOTENCY_RETENTION = Setting.of(
            "innflow.idempotency.retention",
            "PT24H",
            Setting::positiveDuration,
            "how long a request id is remembered; a repeat within it answers the first result");

    public static final Setting<Integer> HOLD_MAX_ROOM_NIGHTS = Setting.of(
            "innflow.hold.max-room-nights",
            "60",
            Setting.between(0, 1_000_000),
            "the most room-nights (rooms × nights) one guest may hold at once at one hotel; a hold beyond it is"
                    + " refused (`409 HOLD_LIMIT`). 0: no bound");

    public static final Setting<Duration> COMMIT_WHEN_IDLE = Setting.of(
            "innflow.streams.commit-when-idle",
            "PT0.002S",
            Setting::nonNegativeDuration,
            "commit the commands and catalog changes processed as soon as the stream thread finds no more for"
                    + " this long, instead of waiting for the commit interval (which then bounds a commit's delay under"
                    + " steady load); PT0S: on the interval only. A catalog change crosses a repartition topic that its"
                    + " hotel's task reads only once committed, so without this it waited for the interval before"
                    + " availability showed it");

    /** Every key of the topology, in the order docs/configuration.md lists them. */
    public static final List<Setting<?>> SETTINGS =
            List.of(PARTITIONS, HOLD_TTL, HOLD_MAX_TTL, IDEMPOTENCY_RETENTION, HOLD_MAX_ROOM_NIGHTS, COMMIT_WHEN_IDLE);

    /** The settings in {@code values}, a map of key to raw value; absent keys take their defaults. */
    public static TopologySettings from(Map<String, String> values) {
        return new TopologySettings(
                PARTITIONS.read(values),
                HOLD_TTL.read(values),
                HOLD_MAX_TTL.read(values),
                IDEMPOTENCY_RETENTION.read(values),
                HOLD_MAX_ROOM_NIGHTS.read(values),
                COMMIT_WHEN_IDLE.read(values));
    }

    /** Every setting at its default. */
    public static TopologySettings defaults() {
        return from(Map.of());
    }
}
