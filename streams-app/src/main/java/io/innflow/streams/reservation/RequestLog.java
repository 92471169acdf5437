package io.innflow.streams.reservation;

import io.innflow.schemas.reservation.RequestRecord;
import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.streams.inventory.Rejection.Reason;
import io.innflow.streams.inventory.StoreKeys;
import io.innflow.streams.inventory.StoreNames;
import io.innflow.streams.lifecycle.DueTimer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotency window: the result of every request id a hotel has seen, kept for the configured
 * retention and then forgotten. A retried request gets its first result again; a request id reused
 * for a different body is a conflict.
 */
final class RequestLog {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);

    /** Runs that forget requests are at least this far apart, each forgetting what fell due since the last. */
    static final Duration FORGET_INTERVAL = Duration.ofSeconds(1);

    private final KeyValueStore<String, RequestRecord> requests;
    private final KeyValueStore<String, String> requestExpiry;
    private final Duration retention;
    private final DueTimer forgetting;

    /**
     * @param forgetPerRun the most requests one run forgets: after an outage the backlog is spread over
     *     several runs, so no transaction outlasts the poll interval
     */
    RequestLog(ProcessorContext<?, ?> context, Duration retention, int forgetPerRun) {
        this.requests = context.getStateStore(StoreNames.REQUESTS);
        this.requestExpiry = context.getStateStore(StoreNames.REQUEST_EXPIRY);
        this.retention = retention;
        // Wall-clock: the idempotency window is a duration of real time.
        this.forgetting = new DueTimer(context, FORGET_INTERVAL, now -> forgetRequests(now, forgetPerRun));
        forgetting.runSoon();
    }

    /** The answer to a request id seen before: its first result, or a conflict if the body differs. */
    Optional<ReservationResult> earlierAnswer(Command c) {
        RequestRecord earlier = requests.get(StoreKeys.request(c.hotelId(), c.requestId()));
        if (earlier == null) {
            return Optional.empty();
        }
        if (earlier.getFingerprint().equals(c.envelope().getFingerprint())) {
            return Optional.of(earlier.getResult());
        }
        return Optional.of(Results.rejected(
                c, Reason.IDEMPOTENCY_CONFLICT, "This Idempotency-Key was already used for a different request"));
    }

    /** Records a new request's result, with who sent it (only they may read it), to answer retries with. */
    void remember(Command c, ReservationResult result) {
        String key = StoreKeys.request(c.hotelId(), c.requestId());
        requests.put(
                key,
                RequestRecord.newBuilder()
                        .setFingerprint(c.envelope().getFingerprint())
                        .setResult(result)
                        .setStoredAt(c.now())
                        .setPrincipal(c.principal())
                        .build());
        requestExpiry.put(StoreKeys.timeIndex(c.now(), c.hotelId(), c.requestId()), key);
        forgetting.dueAt(c.now().plus(retention).toEpochMilli());
    }

    /**
     * Run by the forgetting timer, on wall-clock time because the idempotency window is a duration of real
     * time. Forgets the requests stored before the window, at most {@code maxPerRun} of them, oldest first:
     * after an outage the backlog is spread over several runs, so no transaction outlasts the poll
     * interval.
     *
     * @return when the oldest request still kept leaves the window (read by the same scan),
     *     {@code wallClockMs} when this run stopped at its bound, or {@link DueTimer#NOTHING_DUE}
     */
    long forgetRequests(long wallClockMs, int maxPerRun) {
        String upTo = StoreKeys.timeIndexUpTo(Instant.ofEpochMilli(wallClockMs).minus(retention));
        List<String> old = new ArrayList<>();
        long next = DueTimer.NOTHING_DUE;
        try (KeyValueIterator<String, String> it = requestExpiry.all()) {
            while (it.hasNext()) {
                if (old.size() == maxPerRun) {
                    next = wallClockMs;
                    break;
                }
                var entry = it.next();
                if (entry.key.compareTo(upTo) > 0) {
                    next = StoreKeys.timeIndexMillis(entry.key) + retention.toMillis();
                    break;
                }
                old.add(entry.key);
                requests.delete(entry.value);
            }
        }
        old.forEach(requestExpiry::delete);
        if (old.size() == maxPerRun) {
            LOG.info("Forgot {} requests, the most one run may; the rest wait for the next run", maxPerRun);
        }
        return next;
    }
}
