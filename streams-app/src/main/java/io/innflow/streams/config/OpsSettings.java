package io.innflow.streams.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What operators reach on a node: the management server ({@code /metrics}, {@code /ops}) and how
 * often its figures are computed.
 *
 * @param host interface the management server binds to (loopback by default: not the guests' network)
 * @param port management port (0 picks a free one)
 * @param refresh how often lag, broker reachability, CDC lag and the dead-letter tail are read
 * @param invariantInterval how often the local night counters are scanned for unreported overbooking
 * @param lagGroups consumer groups watched besides the Streams application's own
 */
public record OpsSettings(String host, int port, Duration refresh, Duration invariantInterval, List<String> lagGroups) {

    public static final Setting<String> HOST = Setting.of(
            "innflow.ops.host",
            "127.0.0.1",
            Setting::nonBlank,
            "management server bind address (`/metrics`, `/ops`); loopback by default, the cluster network in"
                    + " a deployment (never the guests' network)");
    public static final Setting<Integer> PORT =
            Setting.of("innflow.ops.port", "9464", Setting.between(0, 65535), "management port (0 picks a free one)");
    public static final Setting<Duration> REFRESH = Setting.of(
            "innflow.ops.refresh",
            "PT5S",
            Setting::positiveDuration,
            "how often consumer lag, broker reachability, CDC lag and the dead-letter tail are read");
    public static final Setting<Duration> INVARIANT_INTERVAL = Setting.of(
            "innflow.ops.invariant-interval",
            "PT30S",
            Setting::positiveDuration,
            "how often the local night counters are scanned for overbooking nobody reported");
    public static final Setting<List<String>> LAG_GROUPS = Setting.of(
            "innflow.ops.lag-groups",
            "connect-analytics-events-sink,connect-analytics-availability-sink,innflow-notifier",
            OpsSettings::groups,
            "consumer groups whose lag is watched besides the Streams application's (comma-separated; a group"
                    + " that does not exist is skipped)");

    /** Every key of the management server, in the order docs/configuration.md lists them. */
    public static final List<Setting<?>> SETTINGS = List.of(HOST, PORT, REFRESH, INVARIANT_INTERVAL, LAG_GROUPS);

    /** The settings in {@code values}, a map of key to raw value; absent keys take their defaults. */
    public static OpsSettings from(Map<String, String> values) {
        return new OpsSettings(
                HOST.read(values),
                PORT.read(values),
                REFRESH.read(values),
                INVARIANT_INTERVAL.read(values),
                LAG_GROUPS.read(values));
    }

    private static List<String> groups(String s) {
        return Arrays.stream(s.split(","))
                .map(String::trim)
                .filter(g -> !g.isEmpty())
                .toList();
    }
}
