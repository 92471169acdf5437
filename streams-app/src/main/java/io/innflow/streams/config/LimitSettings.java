package io.innflow.streams.config;

import java.util.List;
import java.util.Map;

/**
 * Request rate limits of a node's HTTP API, by route class, per authenticated subject (per client
 * address for anonymous calls). See docs/limits.md.
 *
 * @param reads GET requests (search, listings, availability, a hold, a booking, a request's status)
 * @param guestWrites POST and DELETE under {@code /v1/hotels/...} (holds and bookings)
 * @param partnerWrites non-GET partner requests other than uploads
 * @param uploads partner bulk uploads ({@code nights:upload})
 * @param admin every admin request
 * @param maxBuckets bound on the rate-limit buckets a node keeps in memory
 * @param maxConnections bound on the HTTP connections a node holds open at once (0: none)
 * @param maxSearches bound on the searches a node runs at once (0: none)
 */
public record LimitSettings(
        Rate reads,
        Rate guestWrites,
        Rate partnerWrites,
        Rate uploads,
        Rate admin,
        int maxBuckets,
        int maxConnections,
        int maxSearches) {

    /**
     * A token bucket: {@code perSecond} requests a second on average, up to {@code burst} at once.
     * A rate of 0 turns the limit of that class off.
     */
    public record Rate(int perSecond, int burst) {

        public boolean off() {
            return perSecond == 0;
        }
    }

    public static final Setting<Integer> READS_PER_SECOND = perSecond("reads", "100", "GET requests");
    public static final Setting<Integer> READS_BURST = burst("reads", "200");
    public static final Setting<Integer> GUEST_WRITES_PER_SECOND =
            perSecond("guest-writes", "20", "holds and bookings placed, confirmed, released or cancelled");
    public static final Setting<Integer> GUEST_WRITES_BURST = burst("guest-writes", "40");
    public static final Setting<Integer> PARTNER_WRITES_PER_SECOND =
            perSecond("partner-writes", "50", "partner changes (hotels, room types, nights, front desk)");
    public static final Setting<Integer> PARTNER_WRITES_BURST = burst("partner-writes", "100");
    public static final Setting<Integer> UPLOADS_PER_SECOND =
            perSecond("uploads", "2", "partner bulk uploads (`nights:upload`)");
    public static final Setting<Integer> UPLOADS_BURST = burst("uploads", "20");
    public static final Setting<Integer> ADMIN_PER_SECOND = perSecond("admin", "20", "admin requests");
    public static final Setting<Integer> ADMIN_BURST = burst("admin", "40");
    public static final Setting<Integer> MAX_BUCKETS = Setting.of(
            "innflow.limits.max-buckets",
            "100000",
            Setting.between(1, 10_000_000),
            "bound on the buckets (one per class and subject or address) a node keeps; idle ones are dropped"
                    + " first");

    public static final Setting<Integer> MAX_CONNECTIONS = Setting.of(
            "innflow.limits.max-connections",
            "2048",
            Setting.between(0, 1_000_000),
            "bound on the HTTP connections a node holds open at once; beyond it the node stops accepting until"
                    + " one closes, and new ones wait in the operating system's backlog, so an overload costs"
                    + " clients time, not the node its heap. Idle keep-alive connections count (Jetty keeps them"
                    + " 30 s), so size it above the connections clients keep; 0: no bound");

    public static final Setting<Integer> MAX_SEARCHES = Setting.of(
            "innflow.limits.max-concurrent-searches",
            "8",
            Setting.between(0, 100_000),
            "bound on the searches (GET /v1/search) a node runs at once; one more is answered 503 overloaded with"
                    + " Retry-After before it does any work, so that an overload of the read whose cost grows with the"
                    + " catalog cannot starve holds and the stream thread. About four per core; 0: no bound");

    /** Every key of the limits, in the order docs/configuration.md lists them. */
    public static final List<Setting<?>> SETTINGS = List.of(
            READS_PER_SECOND,
            READS_BURST,
            GUEST_WRITES_PER_SECOND,
            GUEST_WRITES_BURST,
            PARTNER_WRITES_PER_SECOND,
            PARTNER_WRITES_BURST,
            UPLOADS_PER_SECOND,
            UPLOADS_BURST,
            ADMIN_PER_SECOND,
            ADMIN_BURST,
            MAX_BUCKETS,
            MAX_CONNECTIONS,
            MAX_SEARCHES);

    /** The settings in {@code values}, a map of key to raw value; absent keys take their defaults. */
    public static LimitSettings from(Map<String, String> values) {
        return new LimitSettings(
                rate(values, READS_PER_SECOND, READS_BURST),
                rate(values, GUEST_WRITES_PER_SECOND, GUEST_WRITES_BURST),
                rate(values, PARTNER_WRITES_PER_SECOND, PARTNER_WRITES_BURST),
                rate(values, UPLOADS_PER_SECOND, UPLOADS_BURST),
                rate(values, ADMIN_PER_SECOND, ADMIN_BURST),
                MAX_BUCKETS.read(values),
                MAX_CONNECTIONS.read(values),
                MAX_SEARCHES.read(values));
    }

    /** Every setting at its default. */
    public static LimitSettings defaults() {
        return from(Map.of());
    }

    private static Rate rate(Map<String, String> values, Setting<Integer> perSecond, Setting<Integer> burst) {
        int rate = perSecond.read(values);
        int size = burst.read(values);
        if (rate > 0 && size < 1) {
            throw new IllegalArgumentException("Invalid value for " + burst.key() + " (" + burst.envName()
                    + "): must be at least 1 while " + perSecond.key() + " is " + rate);
        }
        return new Rate(rate, size);
    }

    private static Setting<Integer> perSecond(String routeClass, String defaultValue, String what) {
        return Setting.of(
                "innflow.limits." + routeClass + ".per-second",
                defaultValue,
                Setting.between(0, 1_000_000),
                "average rate of " + what + " one subject (or anonymous address) may send; 0 turns this limit off");
    }

    private static Setting<Integer> burst(String routeClass, String defaultValue) {
        return Setting.of(
                "innflow.limits." + routeClass + ".burst",
                defaultValue,
                Setting.between(0, 10_000_000),
                "how many of them may come at once (the bucket's size)");
    }
}
