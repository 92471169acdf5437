package io.innflow.load.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.doSwitch;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.onCase;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The marketplace mix over every hotel the node lists: 90% reads (search by city and dates,
 * availability of a hotel, a guest's hold, a guest's booking) and 10% writes (holds, confirmations of
 * those holds with guest details, cancellations of those bookings), in an open model: new requests
 * arrive at each rate of {@code innflow.rates} (requests/s) for {@code innflow.step-seconds}, one step
 * after the other. Every answer is checked (status and body; a hold may be refused 409
 * {@code not-available}). Per step the targets are hold p99 ≤ {@code innflow.hold-p99-ms} (100),
 * availability p99 ≤ {@code innflow.availability-p99-ms} (20) and no KO: they are Gatling assertions
 * (the report's assertion table, per step) unless {@code innflow.assert-targets=false}, and after the
 * run a table of the steps and the highest rate that met all targets are printed.
 *
 * <p>Requests come from {@code innflow.guests} (100) guests with tokens of their own, so per-guest
 * limits do not throttle the load. Before the steps, {@code innflow.seeds} (10) guests each place a hold and confirm
 * another, so the lookups, confirmations and cancellations have something to work on from the start, and the mix
 * runs at the first rate for {@code innflow.warmup-seconds} (20; 0: none), its answers checked but not reported.
 *
 * <pre>./mvnw -B -pl load-tests -am verify -Pgatling -DskipTests -DskipITs -Dgatling.failOnError=false -Dgatling.simulationClass=io.innflow.load.gatling.MarketplaceMix</pre>
 */
public class MarketplaceMix extends Simulation {

    /** The kinds of request, with their share of every 100 requests. */
    enum Kind {
        SEARCH("search", 30),
        AVAILABILITY("availability", 40),
        HOLD_LOOKUP("hold lookup", 10),
        BOOKING_LOOKUP("booking lookup", 10),
        HOLD("hold", 5),
        CONFIRM("confirm", 3),
        CANCEL("cancel", 2);

        final String request;
        final int percent;

        Kind(String request, int percent) {
            this.request = request;
            this.percent = percent;
        }
    }

    private static final String NOT_AVAILABLE = "https://innflow.io/problems/not-available";
    /** The group of the warm-up's requests in Gatling's report. */
    private static final String WARM_UP = "warm-up";

    private final Node node = new Node();
    private final List<Hotel> hotels = node.hotels().stream().map(Hotel::of).toList();
    private final List<String> cities =
            hotels.stream().map(Hotel::city).distinct().sorted().toList();
    private final List<String> guests = node.guestTokens(Node.intProperty("innflow.guests", 100));
    private final int[] rates = Node.intsProperty("innflow.rates", "250,500,1000,2000,4000");
    private final int stepSeconds = Node.intProperty("innflow.step-seconds", 20);
    private final int warmupSeconds = Node.intProperty("innflow.warmup-seconds", 20);
    private final int firstArrival = Node.intProperty("innflow.checkin-days", 7);
    private final int arrivalSpan = Node.intProperty("innflow.checkin-span", 40);
    private final int availabilityNights = Node.intProperty("innflow.availability-nights", 7);
    private final int holdSeconds = Node.intProperty("innflow.hold-seconds", 600);
    private final int seeds = Node.intProperty("innflow.seeds", 10);
    private final int holdP99 = Node.intProperty("innflow.hold-p99-ms", 100);
    private final int availabilityP99 = Node.intProperty("innflow.availability-p99-ms", 20);
    private final boolean assertTargets = Boolean.parseBoolean(System.getProperty("innflow.assert-targets", "true"));
    private final LocalDate today = LocalDate.now();

    /** Every 100 arrivals take these kinds in this (fixed, shuffled) order: the mix is exact per step. */
    private final Kind[] pattern = pattern();

    private final AtomicLong arrivals = new AtomicLong();
    private final Pool holds = new Pool();
    private final Pool bookings = new Pool();
    private final List<Step> steps = Arrays.stream(rates).mapToObj(Step::new).toList();

    private final HttpProtocolBuilder protocol = http.baseUrl(node.url)
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .shareConnections();

    record Hotel(String id, String city, List<String> roomTypes) {
        static Hotel of(JsonNode hotel) {
            List<String> roomTypes = new ArrayList<>();
            hotel.get("roomTypes")
                    .forEach(rt -> roomTypes.add(rt.get("roomTypeId").asText()));
            return new Hotel(hotel.get("hotelId").asText(), hotel.get("city").asText(), roomTypes);
        }
    }

    /** A hold or booking a guest made during the run. */
    record Ref(String hotelId, String id, int guest) {}

    /**
     * Holds (or bookings) made so far: the open ones wait for a confirmation (or cancellation), the
     * newest first so a hold is confirmed long before it expires; the most recent 4,096 are looked up.
     */
    static final class Pool {
        private final ConcurrentLinkedDeque<Ref> open = new ConcurrentLinkedDeque<>();
        private final AtomicReferenceArray<Ref> recent = new AtomicReferenceArray<>(4096);
        private final AtomicLong added = new AtomicLong();

        void add(Ref ref) {
            open.addLast(ref);
            recent.set((int) (added.getAndIncrement() % recent.length()), ref);
        }

        Ref take() {
            return open.pollLast();
        }

        Ref any() {
            long n = Math.min(added.get(), recent.length());
            return n == 0 ? null : recent.get(ThreadLocalRandom.current().nextInt((int) n));
        }
    }

    /** What one step saw: answers per kind and the response times Gatling measured for each. */
    static final class Step {
        final int rate;
        final String group;
        final Map<Kind, LongAdder> ok = new EnumMap<>(Kind.class);
        final Map<Kind, LongAdder> ko = new EnumMap<>(Kind.class);
        final Map<Kind, Latencies> times = new EnumMap<>(Kind.class);
        final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong lastEnd = new AtomicLong();

        Step(int rate) {
            this.rate = rate;
            this.group = rate + " req/s";
            for (Kind k : Kind.values()) {
                ok.put(k, new LongAdder());
                ko.put(k, new LongAdder());
                times.put(k, new Latencies());
            }
        }

        long answers() {
            return ok.values().stream().mapToLong(LongAdder::sum).sum()
                    + ko.values().stream().mapToLong(LongAdder::sum).sum();
        }

        long kos() {
            return ko.values().stream().mapToLong(LongAdder::sum).sum();
        }

        double seconds() {
            return lastEnd.get() <= firstStart.get() ? 0 : (lastEnd.get() - firstStart.get()) / 1e9;
        }
    }

    /** Response times in milliseconds, kept whole: a step has at most a few hundred thousand. */
    static final class Latencies {
        private int[] values = new int[1024];
        private int size;

        synchronized void add(int millis) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = millis;
        }

        /** The nearest-rank percentile, or -1 without values. */
        synchronized int percentile(double p) {
            if (size == 0) {
                return -1;
            }
            int[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100.0 * size);
            return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
        }
    }

    private static Kind[] pattern() {
        List<Kind> slots = new ArrayList<>();
        for (Kind k : Kind.values()) {
            slots.addAll(Collections.nCopies(k.percent, k));
        }
        Collections.shuffle(slots, new Random(14));
        return slots.toArray(Kind[]::new);
    }

    // ---- what a request is about

    /** A random guest, hotel, room type and stay for the next request. */
    private Session pick(Session session) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Hotel hotel = hotels.get(random.nextInt(hotels.size()));
        LocalDate checkIn = today.plusDays(firstArrival + random.nextInt(arrivalSpan));
        int guest = random.nextInt(guests.size());
        return session.set("kind", pattern[(int) (arrivals.getAndIncrement() % pattern.length)].name())
                .set("guest", guest)
                .set("auth", "Bearer " + guests.get(guest))
                .set("hotelId", hotel.id())
                .set("city", hotel.city())
                .set(
                        "roomTypeId",
                        hotel.roomTypes().get(random.nextInt(hotel.roomTypes().size())))
                .set("checkIn", checkIn.toString())
                .set("checkOut", checkIn.plusDays(1 + random.nextInt(3)).toString())
                .set("availabilityTo", checkIn.plusDays(availabilityNights).toString());
    }

    /** The session about {@code ref} (its hotel, its guest), or unchanged without one. */
    private static Session about(Session session, Ref ref, String idKey) {
        if (ref == null) {
            return session.remove(idKey);
        }
        return session.set(idKey, ref.id()).set("hotelId", ref.hotelId()).set("guest", ref.guest());
    }

    private Session auth(Session session) {
        return session.set("auth", "Bearer " + guests.get(session.getInt("guest")));
    }

    // ---- the requests, each followed by what its step saw

    private ChainBuilder record(Step step, Kind kind) {
        return exec(session -> {
            if (step != null) {
                long now = System.nanoTime();
                step.lastEnd.accumulateAndGet(now, Math::max);
                step.firstStart.accumulateAndGet(session.getLong("started"), Math::min);
                if (session.isFailed()) {
                    step.ko.get(kind).increment();
                } else {
                    step.ok.get(kind).increment();
                }
                if (session.contains("rt")) {
                    step.times.get(kind).add(session.getInt("rt"));
                }
            }
            return session.remove("rt");
        });
    }

    private ChainBuilder search(Step step) {
        return exec(http(Kind.SEARCH.request)
                        .get("/v1/search")
                        .queryParam("city", "#{city}")
                        .queryParam("checkIn", "#{checkIn}")
                        .queryParam("checkOut", "#{checkOut}")
                        .header("Authorization", "#{auth}")
                        .check(
                                responseTimeInMillis().saveAs("rt"),
                                status().is(200),
                                jsonPath("$.city").ofString().exists(),
                                jsonPath("$.total").ofInt().exists(),
                                jsonPath("$.partial").ofBoolean().is(false),
                                jsonPath("$.results").exists()))
                .exec(record(step, Kind.SEARCH));
    }

    private ChainBuilder availability(Step step) {
        return exec(http(Kind.AVAILABILITY.request)
                        .get("/v1/hotels/#{hotelId}/availability?from=#{checkIn}&to=#{availabilityTo}")
                        .header("Authorization", "#{auth}")
                        .check(
                                responseTimeInMillis().saveAs("rt"),
                                status().is(200),
                                jsonPath("$.roomTypes[0].nights[0].available")
                                        .ofInt()
                                        .exists()))
                .exec(record(step, Kind.AVAILABILITY));
    }

    /** A hold; {@code keep}: a 201's hold joins the pool of holds to look up and confirm. */
    private ChainBuilder hold(Step step, boolean keep) {
        return exec(session -> session.remove("holdId"))
                .exec(http(Kind.HOLD.request)
                        .post("/v1/hotels/#{hotelId}/holds")
                        .header("Authorization", "#{auth}")
                        .header("Idempotency-Key", session -> UUID.randomUUID().toString())
                        .body(StringBody("{\"roomTypeId\":\"#{roomTypeId}\",\"checkIn\":\"#{checkIn}\","
                                + "\"checkOut\":\"#{checkOut}\",\"quantity\":1,\"holdSeconds\":" + holdSeconds + "}"))
                        .check(responseTimeInMillis().saveAs("rt"), status().in(201, 409))
                        .checkIf((response, session) -> response.status().code() == 201)
                        .then(
                                jsonPath("$.status").is("ACTIVE"),
                                jsonPath("$.holdId").saveAs("holdId"))
                        .checkIf((response, session) -> response.status().code() == 409)
                        .then(jsonPath("$.type").is(NOT_AVAILABLE)))
                .exec(record(step, Kind.HOLD))
                .exec(session -> {
                    if (keep && !session.isFailed() && session.contains("holdId")) {
                        holds.add(new Ref(
                                session.getString("hotelId"), session.getString("holdId"), session.getInt("guest")));
                    }
                    return session;
                });
    }

    /** Confirms the hold in the session ({@code holdId}) with the guest's details. */
    private ChainBuilder confirm(Step step) {
        return exec(http(Kind.CONFIRM.request)
                        .post("/v1/hotels/#{hotelId}/bookings")
                        .header("Authorization", "#{auth}")
                        .header("Idempotency-Key", session -> UUID.randomUUID().toString())
                        .body(StringBody("{\"holdId\":\"#{holdId}\",\"paymentToken\":\"tok_visa\",\"guest\":"
                                + "{\"leadName\":\"Load Guest #{guest}\",\"email\":\"guest#{guest}@example.com\","
                                + "\"adults\":1}}"))
                        .check(
                                responseTimeInMillis().saveAs("rt"),
                                status().is(201),
                                jsonPath("$.status").is("CONFIRMED"),
                                jsonPath("$.holdId").isEL("#{holdId}"),
                                jsonPath("$.bookingId").saveAs("bookingId")))
                .exec(record(step, Kind.CONFIRM))
                .exec(session -> {
                    if (!session.isFailed()) {
                        bookings.add(new Ref(
                                session.getString("hotelId"), session.getString("bookingId"), session.getInt("guest")));
                    }
                    return session;
                });
    }

    private ChainBuilder cancel(Step step) {
        return exec(http(Kind.CANCEL.request)
                        .delete("/v1/hotels/#{hotelId}/bookings/#{bookingId}")
                        .header("Authorization", "#{auth}")
                        .header("Idempotency-Key", session -> UUID.randomUUID().toString())
                        .check(
                                responseTimeInMillis().saveAs("rt"),
                                status().is(200),
                                jsonPath("$.bookingId").isEL("#{bookingId}"),
                                jsonPath("$.status").is("CANCELLED")))
                .exec(record(step, Kind.CANCEL));
    }

    private ChainBuilder holdLookup(Step step) {
        return exec(http(Kind.HOLD_LOOKUP.request)
                        .get("/v1/hotels/#{hotelId}/holds/#{holdId}")
                        .header("Authorization", "#{auth}")
                        .check(
                                responseTimeInMillis().saveAs("rt"),
                                status().is(200),
                                jsonPath("$.holdId").isEL("#{holdId}"),
                                jsonPath("$.status").in("ACTIVE", "CONFIRMED", "EXPIRED", "RELEASED")))
                .exec(record(step, Kind.HOLD_LOOKUP));
    }

    private ChainBuilder bookingLookup(Step step) {
        return exec(http(Kind.BOOKING_LOOKUP.request)
                        .get("/v1/hotels/#{hotelId}/bookings/#{bookingId}")
                        .header("Authorization", "#{auth}")
                        .check(
                                responseTimeInMillis().saveAs("rt"),
                                status().is(200),
                                jsonPath("$.bookingId").isEL("#{bookingId}"),
                                jsonPath("$.status").in("CONFIRMED", "CANCELLED")))
                .exec(record(step, Kind.BOOKING_LOOKUP));
    }

    /**
     * A request about an earlier hold or booking ({@code idKey} taken from {@code source}); while there
     * is none (only before the seeds' holds answer, or if every hold was refused) a hold instead.
     */
    private ChainBuilder withRef(Step step, String idKey, Supplier<Ref> source, ChainBuilder then) {
        return exec(session -> auth(about(session, source.get(), idKey)))
                .exec(doIfOrElse(session -> session.contains(idKey)).then(then).orElse(hold(step, true)));
    }

    /** The mix at one step's rate; {@code step} null: the warm-up, whose answers are checked but not reported. */
    private ScenarioBuilder step(Step step) {
        String group = step == null ? WARM_UP : step.group;
        return scenario("mix at " + group)
                .exec(session -> pick(session).set("started", System.nanoTime()))
                .group(group)
                .on(doSwitch("#{kind}")
                        .on(
                                onCase(Kind.SEARCH.name()).then(search(step)),
                                onCase(Kind.AVAILABILITY.name()).then(availability(step)),
                                onCase(Kind.HOLD.name()).then(hold(step, true)),
                                onCase(Kind.HOLD_LOOKUP.name())
                                        .then(withRef(step, "holdId", holds::any, holdLookup(step))),
                                onCase(Kind.BOOKING_LOOKUP.name())
                                        .then(withRef(step, "bookingId", bookings::any, bookingLookup(step))),
                                onCase(Kind.CONFIRM.name()).then(withRef(step, "holdId", holds::take, confirm(step))),
                                onCase(Kind.CANCEL.name())
                                        .then(withRef(step, "bookingId", bookings::take, cancel(step)))));
    }

    /** A few guests each hold one stay and confirm another, so every kind of request has work at once. */
    private ScenarioBuilder seed() {
        return scenario("seed: a hold and a booking per guest")
                .group("seed")
                .on(exec(this::pick)
                        .exec(hold(null, true))
                        .exec(this::pick)
                        .exec(hold(null, false))
                        .doIf(session -> session.contains("holdId"))
                        .then(confirm(null)));
    }

    {
        PopulationBuilder population = seed().injectOpen(atOnceUsers(seeds));
        if (warmupSeconds > 0 && rates.length > 0) {
            // Gatling's JVM is new in every run and compiles as it goes, on the cores the node uses: without a
            // warm-up the first step measures the load generator's JIT (docs/benchmarks.md, "Marketplace mix").
            population = population.andThen(
                    step(null).injectOpen(constantUsersPerSec(rates[0]).during(warmupSeconds)));
        }
        List<Assertion> assertions = new ArrayList<>();
        assertions.add(global().failedRequests().count().is(0L));
        for (Step step : steps) {
            population = population.andThen(
                    step(step).injectOpen(constantUsersPerSec(step.rate).during(stepSeconds)));
            for (Kind kind : Kind.values()) {
                assertions.add(details(step.group, kind.request)
                        .successfulRequests()
                        .count()
                        .gt(0L));
            }
            if (assertTargets) {
                assertions.add(details(step.group).failedRequests().count().is(0L));
                assertions.add(details(step.group, Kind.HOLD.request)
                        .responseTime()
                        .percentile(99.0)
                        .lte(holdP99));
                assertions.add(details(step.group, Kind.AVAILABILITY.request)
                        .responseTime()
                        .percentile(99.0)
                        .lte(availabilityP99));
            }
        }
        setUp(population).protocols(protocol).assertions(assertions);
    }

    @Override
    public void before() {
        System.out.println("MarketplaceMix: " + hotels.size() + " hotels in " + cities.size() + " cities, "
                + guests.size() + " guests, " + warmupSeconds + " s of warm-up at the first rate, steps of "
                + Arrays.toString(rates) + " requests/s, " + stepSeconds + " s each");
    }

    @Override
    public void after() {
        List<String> lines = new ArrayList<>();
        lines.add("| offered req/s | answered req/s | KO | search p50/p99 ms | availability p50/p99 ms"
                + " | hold p50/p99 ms | confirm p99 ms | lookups p99 ms | targets |");
        lines.add("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        Integer best = null;
        boolean broken = false;
        for (Step s : steps) {
            int holdP = s.times.get(Kind.HOLD).percentile(99);
            int availabilityP = s.times.get(Kind.AVAILABILITY).percentile(99);
            boolean met = s.kos() == 0
                    && holdP >= 0
                    && holdP <= holdP99
                    && availabilityP >= 0
                    && availabilityP <= availabilityP99;
            if (met && !broken) {
                best = s.rate;
            }
            broken |= !met;
            lines.add(String.format(
                    Locale.ROOT,
                    "| %,d | %,.0f | %d | %d / %d | %d / %d | %d / %d | %d | %d / %d | %s |",
                    s.rate,
                    s.seconds() == 0 ? 0 : s.answers() / s.seconds(),
                    s.kos(),
                    s.times.get(Kind.SEARCH).percentile(50),
                    s.times.get(Kind.SEARCH).percentile(99),
                    s.times.get(Kind.AVAILABILITY).percentile(50),
                    availabilityP,
                    s.times.get(Kind.HOLD).percentile(50),
                    holdP,
                    s.times.get(Kind.CONFIRM).percentile(99),
                    s.times.get(Kind.HOLD_LOOKUP).percentile(99),
                    s.times.get(Kind.BOOKING_LOOKUP).percentile(99),
                    met ? "met" : "missed"));
        }
        lines.forEach(System.out::println);
        System.out.println("MarketplaceMix: highest rate that met all targets (hold p99 <= " + holdP99
                + " ms, availability p99 <= " + availabilityP99 + " ms, no KO), every lower step included: "
                + (best == null ? "none" : String.format(Locale.ROOT, "%,d requests/s", best)));
    }
}
