package io.innflow.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The drills' load generator: guests who hold, confirm holds, book directly and cancel bookings at a
 * few hotels on a few nights (so they compete for the last rooms), against one or more nodes, each
 * request with an {@code Idempotency-Key} of its own. It records every request and every answer
 * ({@link Op}): the history {@link DrillChecker} judges.
 *
 * <p>A request a node could not take (connection refused: nothing was sent) goes to the next node,
 * as a load balancer would. An answer that leaves the outcome open (202, 5xx, a timeout) is
 * {@link Outcome#UNKNOWN}; {@link #resolve} retries those with the same key and body after the drill,
 * which the API promises is safe, and records what the retry learnt.
 */
final class DrillLoad implements AutoCloseable {

    /** Who is staying: every booking names its guest. */
    private static final String GUEST =
            "\"guest\":{\"leadName\":\"Drill Guest\",\"email\":\"drill@example.com\",\"adults\":1}";

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    enum Kind {
        HOLD,
        CONFIRM,
        BOOK,
        CANCEL
    }

    /** What a client may conclude from an answer. */
    enum Outcome {
        /** 200 or 201: the write is acknowledged. */
        OK,
        /** A 4xx problem: nothing was applied. */
        REJECTED,
        /** 202, 5xx, a timeout or no answer at all: applied or not. */
        UNKNOWN
    }

    /**
     * One request and its answer.
     *
     * @param target the hold a confirm names, the booking a cancel names; null otherwise
     * @param startNanos when it was sent (System.nanoTime)
     * @param status the HTTP status; 0 when no answer came
     * @param answer the body, or the error when no answer came
     */
    record Op(
            String guest,
            Kind kind,
            String hotel,
            String key,
            String method,
            String path,
            String body,
            String target,
            long startNanos,
            long endNanos,
            int status,
            String answer) {

        Outcome outcome() {
            if (status == 200 || status == 201) {
                return Outcome.OK;
            }
            return status >= 400 && status < 500 && status != 408 && status != 429 ? Outcome.REJECTED : Outcome.UNKNOWN;
        }

        /** The hold or booking the answer names (a hold's id for HOLD, a booking's otherwise). */
        Optional<String> resultId() {
            if (outcome() != Outcome.OK) {
                return Optional.empty();
            }
            JsonNode json = json();
            String field = kind == Kind.HOLD ? "holdId" : "bookingId";
            return Optional.ofNullable(json.path(field).textValue());
        }

        JsonNode json() {
            try {
                return JSON.readTree(answer);
            } catch (IOException e) {
                return JSON.createObjectNode();
            }
        }

        Op answered(long start, long end, int newStatus, String newAnswer) {
            return new Op(guest, kind, hotel, key, method, path, body, target, start, end, newStatus, newAnswer);
        }
    }

    /**
     * @param nodes base URLs of the nodes; each guest starts at its own and moves on when one refuses
     * @param hotels the hotels the guests compete for (room type {@code std})
     * @param first the first night of the window
     * @param nights nights in the window
     * @param guests concurrent guests
     * @param pause between two requests of one guest
     */
    record Plan(
            List<String> nodes,
            List<String> hotels,
            LocalDate first,
            int nights,
            int guests,
            Duration pause,
            String tag,
            Function<String, String> tokens) {}

    private final Plan plan;
    private final List<Op> history = new CopyOnWriteArrayList<>();
    private final List<Op> retries = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService pool;
    private final long begin = System.nanoTime();
    private volatile boolean stopping;

    private DrillLoad(Plan plan) {
        this.plan = plan;
        this.pool = Executors.newScheduledThreadPool(plan.guests(), r -> {
            Thread t = new Thread(r, "drill-load");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the guests; they run until {@link #stop()}. */
    static DrillLoad start(Plan plan) {
        DrillLoad load = new DrillLoad(plan);
        for (int g = 0; g < plan.guests(); g++) {
            Guest guest = load.new Guest(g);
            load.pool.scheduleWithFixedDelay(guest::step, 0, plan.pause().toMillis(), TimeUnit.MILLISECONDS);
        }
        return load;
    }

    /** Stops sending and waits for the requests in flight to be answered (or to time out). */
    void stop() {
        stopping = true;
        pool.shutdown();
        try {
            if (!pool.awaitTermination(90, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (!pool.isShutdown()) {
            stop();
        }
    }

    /** Every request sent during the drill, in the order the answers came. */
    List<Op> history() {
        return List.copyOf(history);
    }

    /** The retries {@link #resolve} sent. */
    List<Op> retries() {
        return List.copyOf(retries);
    }

    long begin() {
        return begin;
    }

    /**
     * Retries each request whose outcome is unknown with its key and body until it gets a definite
     * answer or {@code within} ends; returns how many stayed unknown.
     */
    int resolve(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        int open = 0;
        for (Op op : history) {
            if (op.outcome() != Outcome.UNKNOWN) {
                continue;
            }
            Op last = op;
            while (last.outcome() == Outcome.UNKNOWN && System.nanoTime() < deadline) {
                last = send(op, 0);
                retries.add(last);
            }
            if (last.outcome() == Outcome.UNKNOWN) {
                open++;
            }
        }
        return open;
    }

    private Op send(Op op, int firstNode) {
        long start = System.nanoTime();
        String lastError = "";
        for (int i = 0; i < plan.nodes().size(); i++) {
            String node = plan.nodes().get((firstNode + i) % plan.nodes().size());
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node + op.path()))
                    .timeout(Duration.ofSeconds(15))
                    .header("Authorization", "Bearer " + plan.tokens().apply(op.guest()))
                    .header(ApiClient.IDEMPOTENCY_KEY, op.key());
            if (op.body() == null) {
                b.method(op.method(), HttpRequest.BodyPublishers.noBody());
            } else {
                b.header("Content-Type", "application/json")
                        .method(op.method(), HttpRequest.BodyPublishers.ofString(op.body()));
            }
            try {
                HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
                return op.answered(start, System.nanoTime(), r.statusCode(), r.body());
            } catch (ConnectException e) {
                // Nothing reached this node: the next one may take it.
                lastError = "connect " + node + ": " + e;
            } catch (HttpTimeoutException e) {
                return op.answered(start, System.nanoTime(), 0, "timeout: " + e.getMessage());
            } catch (IOException e) {
                return op.answered(start, System.nanoTime(), 0, "io: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return op.answered(start, System.nanoTime(), 0, "interrupted");
            }
        }
        return op.answered(start, System.nanoTime(), 0, lastError);
    }

    /** One guest: its own token, RNG, holds and bookings. */
    private final class Guest {
        private final int index;
        private final String subject;
        private final Random random;
        private final List<Op> holds = new ArrayList<>();
        private final List<Op> bookings = new ArrayList<>();
        private int sequence;

        Guest(int index) {
            this.index = index;
            this.subject = "drill-" + plan.tag() + "-guest-" + index;
            this.random = new Random(31L * index + plan.tag().hashCode());
        }

        void step() {
            if (stopping) {
                return;
            }
            Op op = next();
            Op done = send(op, index % plan.nodes().size());
            history.add(done);
            if (done.outcome() == Outcome.OK) {
                switch (done.kind()) {
                    case HOLD -> holds.add(done);
                    case BOOK, CONFIRM -> bookings.add(done);
                    default -> {}
                }
            }
        }

        private Op next() {
            String key = plan.tag() + "-" + index + "-" + (sequence++);
            double roll = random.nextDouble();
            if (!holds.isEmpty() && roll < 0.35) {
                Op hold = holds.remove(random.nextInt(holds.size()));
                String holdId = hold.resultId().orElseThrow();
                return op(
                        Kind.CONFIRM,
                        hold.hotel(),
                        key,
                        "POST",
                        "/v1/hotels/" + hold.hotel() + "/bookings",
                        "{\"holdId\":\"" + holdId + "\",\"paymentToken\":\"tok_visa\"," + GUEST + "}",
                        holdId);
            }
            if (!bookings.isEmpty() && roll < 0.5) {
                Op booking = bookings.remove(random.nextInt(bookings.size()));
                String bookingId = booking.resultId().orElseThrow();
                return op(
                        Kind.CANCEL,
                        booking.hotel(),
                        key,
                        "DELETE",
                        "/v1/hotels/" + booking.hotel() + "/bookings/" + bookingId,
                        null,
                        bookingId);
            }
            String hotel = plan.hotels().get(random.nextInt(plan.hotels().size()));
            int length = 1 + random.nextInt(3);
            LocalDate checkIn = plan.first().plusDays(random.nextInt(plan.nights() - length + 1));
            String stay = "\"roomTypeId\":\"std\",\"checkIn\":\"" + checkIn + "\",\"checkOut\":\""
                    + checkIn.plusDays(length) + "\",\"quantity\":" + (1 + random.nextInt(2));
            if (random.nextBoolean()) {
                return op(
                        Kind.HOLD,
                        hotel,
                        key,
                        "POST",
                        "/v1/hotels/" + hotel + "/holds",
                        "{" + stay + ",\"holdSeconds\":1800}",
                        null);
            }
            return op(
                    Kind.BOOK,
                    hotel,
                    key,
                    "POST",
                    "/v1/hotels/" + hotel + "/bookings",
                    "{" + stay + ",\"paymentToken\":\"tok_visa\"," + GUEST + "}",
                    null);
        }

        private Op op(Kind kind, String hotel, String key, String method, String path, String body, String target) {
            return new Op(subject, kind, hotel, key, method, path, body, target, 0, 0, 0, "");
        }
    }
}
