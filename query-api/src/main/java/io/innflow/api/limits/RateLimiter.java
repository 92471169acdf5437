package io.innflow.api.limits;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.innflow.api.http.ApiException;
import io.innflow.streams.config.LimitSettings;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Rate limits requests by {@link RouteClass}, with one token bucket (Bucket4j) per class and caller:
 * the authenticated subject, or the client address of an anonymous call. A request beyond its bucket
 * is answered {@code 429} with {@code Retry-After} (whole seconds, rounded up) and a {@code
 * rate-limited} problem. See docs/limits.md.
 *
 * <p>Buckets live in a bounded map in access order. A bucket idle for longer than its class takes to
 * refill completely is dropped (a new one would be just the same); beyond {@code maxBuckets} the least
 * recently used one goes, so a flood of addresses costs a bounded amount of memory.
 */
public final class RateLimiter {

    private final Map<RouteClass, LimitSettings.Rate> rates = new EnumMap<>(RouteClass.class);
    private final Function<Context, Optional<String>> subjectOf;
    private final int maxBuckets;
    private final TimeMeter clock;
    private final LinkedHashMap<String, Entry> buckets = new LinkedHashMap<>(1024, 0.75f, true);

    /**
     * @param subjectOf the authenticated subject of a request; empty for an anonymous one
     */
    public RateLimiter(LimitSettings limits, Function<Context, Optional<String>> subjectOf) {
        this(limits, subjectOf, TimeMeter.SYSTEM_NANOTIME);
    }

    /** With {@code clock}, which the buckets refill by; tests pass a clock of their own. */
    RateLimiter(LimitSettings limits, Function<Context, Optional<String>> subjectOf, TimeMeter clock) {
        rates.put(RouteClass.READ, limits.reads());
        rates.put(RouteClass.GUEST_WRITE, limits.guestWrites());
        rates.put(RouteClass.PARTNER_WRITE, limits.partnerWrites());
        rates.put(RouteClass.UPLOAD, limits.uploads());
        rates.put(RouteClass.ADMIN, limits.admin());
        this.subjectOf = subjectOf;
        this.maxBuckets = limits.maxBuckets();
        this.clock = clock;
    }

    /** A before-handler: lets the request through or throws the {@code 429} problem. */
    public void check(Context ctx) {
        RouteClass routeClass = RouteClass.of(ctx.method(), ctx.path());
        LimitSettings.Rate rate = rates.get(routeClass);
        if (rate == null || rate.off()) {
            return;
        }
        String caller = subjectOf.apply(ctx).map(s -> "subject:" + s).orElseGet(() -> "address:" + ctx.ip());
        ConsumptionProbe probe = bucket(routeClass + "|" + caller, rate).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            throw new ApiException(
                    429,
                    "rate-limited",
                    "Too many requests",
                    "More than " + rate.perSecond() + " requests a second (bursts of " + rate.burst() + ") of this"
                            + " kind; retry after " + seconds + " s",
                    (int) Math.min(Integer.MAX_VALUE, seconds));
        }
    }

    /** How many buckets are kept right now. */
    public int buckets() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    private Bucket bucket(String key, LimitSettings.Rate rate) {
        long now = clock.currentTimeNanos();
        synchronized (buckets) {
            Entry entry = buckets.get(key);
            if (entry == null) {
                evict(now);
                entry = new Entry(newBucket(rate), idleAfter(rate));
                buckets.put(key, entry);
            }
            entry.lastUsed = now;
            return entry.bucket;
        }
    }

    /** Drops idle buckets from the least recently used end, then the oldest beyond the bound. */
    private void evict(long now) {
        Iterator<Entry> it = buckets.values().iterator();
        while (it.hasNext()) {
            Entry eldest = it.next();
            if (now - eldest.lastUsed >= eldest.idleAfterNanos || buckets.size() >= maxBuckets) {
                it.remove();
            } else {
                break; // the rest were used more recently
            }
        }
    }

    private Bucket newBucket(LimitSettings.Rate rate) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(rate.burst())
                        .refillGreedy(rate.perSecond(), Duration.ofSeconds(1))
                        .build())
                .withCustomTimePrecision(clock)
                .build();
    }

    /** How long an untouched bucket takes to be full again: from then on it equals a new one. */
    private static long idleAfter(LimitSettings.Rate rate) {
        return TimeUnit.SECONDS.toNanos(1) * rate.burst() / rate.perSecond() + TimeUnit.SECONDS.toNanos(1);
    }

    private static final class Entry {
        final Bucket bucket;
        final long idleAfterNanos;
        long lastUsed;

        Entry(Bucket bucket, long idleAfterNanos) {
            this.bucket = bucket;
            this.idleAfterNanos = idleAfterNanos;
        }
    }
}
