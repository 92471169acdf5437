package io.innflow.infra;

import io.innflow.infra.DrillLoad.Kind;
import io.innflow.infra.DrillLoad.Op;
import io.innflow.infra.DrillLoad.Outcome;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Judges a drill's history against the final state (Jepsen style): what clients were told against
 * what the stores and the event topic hold once the drill is over. Pure: {@link DrillState} reads the
 * state, this class only compares, so its rules are unit-tested on made-up histories.
 */
final class DrillChecker {

    private DrillChecker() {}

    /** A stay: what a hold or booking takes on every night of [checkIn, checkOut). */
    record Stay(String hotel, String roomType, LocalDate checkIn, LocalDate checkOut, int quantity) {}

    /** A hold or booking: its id, the request that made it, its stay and status. */
    record Item(String id, String requestId, String principal, Stay stay, String status) {}

    record Night(String hotel, String roomType, LocalDate night) {}

    /** A night's counters as the store shows them, with its limit. */
    record Counters(int allotment, int allowance, int held, int sold) {}

    /**
     * The final state.
     *
     * @param holds every hold of the drill's hotels, by id, as the event topic last says
     * @param bookings every booking, likewise
     * @param holdsByRequest the distinct hold ids each request id placed (events)
     * @param bookingsByRequest the distinct booking ids each request id made (events)
     * @param storeHolds each hold of {@code holds} as the node's store shows it (absent: not found)
     * @param storeBookings likewise for bookings
     * @param counters every night of the drill's window, from the availability API
     */
    record FinalState(
            Map<String, Item> holds,
            Map<String, Item> bookings,
            Map<String, Set<String>> holdsByRequest,
            Map<String, Set<String>> bookingsByRequest,
            Map<String, Item> storeHolds,
            Map<String, Item> storeBookings,
            Map<Night, Counters> counters) {}

    /**
     * The verdict. {@code lost}, {@code oversold}, {@code duplicates}, {@code counterMismatches},
     * {@code eventStoreMismatches} and {@code unresolved} must all be 0.
     */
    record Report(
            int sent,
            int acknowledged,
            int rejected,
            int unknownAtFirst,
            int unresolved,
            int lost,
            int oversold,
            int duplicates,
            int counterMismatches,
            int eventStoreMismatches,
            long unavailableMillis,
            int hotelsUnavailable,
            List<String> problems) {

        boolean clean() {
            return lost == 0
                    && oversold == 0
                    && duplicates == 0
                    && counterMismatches == 0
                    && eventStoreMismatches == 0
                    && unresolved == 0;
        }

        String line(String drill) {
            return "DRILL " + drill + ": requests sent " + sent + ", acknowledged " + acknowledged + ", rejected "
                    + rejected + ", unknown at first " + unknownAtFirst + " (unresolved " + unresolved + "), lost "
                    + lost + ", oversold nights " + oversold + ", duplicates " + duplicates + ", counter mismatches "
                    + counterMismatches + ", events/stores mismatches " + eventStoreMismatches
                    + ", unavailability window " + unavailableMillis + " ms over " + hotelsUnavailable + " hotel(s)";
        }
    }

    static Report check(List<Op> history, List<Op> retries, FinalState state) {
        List<String> problems = new ArrayList<>();
        Map<String, Op> finalAnswer = finalAnswers(history, retries);

        int acknowledged = 0;
        int rejected = 0;
        int unresolved = 0;
        int lost = 0;
        Set<String> cancelSent = new HashSet<>();
        Set<String> confirmSent = new HashSet<>();
        for (Op op : history) {
            if (op.kind() == Kind.CANCEL) {
                cancelSent.add(op.target());
            }
            if (op.kind() == Kind.CONFIRM) {
                confirmSent.add(op.target());
            }
        }
        for (Op first : history) {
            Op op = finalAnswer.get(first.key());
            switch (op.outcome()) {
                case REJECTED -> rejected++;
                case UNKNOWN -> unresolved++;
                case OK -> {
                    acknowledged++;
                    String problem = lostWrite(op, state, cancelSent, confirmSent);
                    if (problem != null) {
                        lost++;
                        problems.add("lost: " + problem);
                    }
                }
            }
        }

        int oversold = 0;
        for (Map.Entry<Night, Counters> e : state.counters().entrySet()) {
            Counters c = e.getValue();
            if (c.held() + c.sold() > c.allotment() + c.allowance()) {
                oversold++;
                problems.add("oversold: " + e.getKey() + " " + c);
            }
        }

        int duplicates = 0;
        for (Map.Entry<String, Set<String>> e : state.holdsByRequest().entrySet()) {
            if (e.getValue().size() > 1) {
                duplicates++;
                problems.add("request " + e.getKey() + " placed holds " + e.getValue());
            }
        }
        for (Map.Entry<String, Set<String>> e : state.bookingsByRequest().entrySet()) {
            if (e.getValue().size() > 1) {
                duplicates++;
                problems.add("request " + e.getKey() + " made bookings " + e.getValue());
            }
        }
        duplicates += answersNamingTwoResults(history, retries, problems);

        int counterMismatches = 0;
        Map<Night, int[]> expected = new HashMap<>();
        state.holds().values().stream().filter(h -> h.status().equals("ACTIVE")).forEach(h -> nightsOf(h.stay())
                .forEach(n -> expected.computeIfAbsent(n, k -> new int[2])[0] +=
                        h.stay().quantity()));
        state.bookings().values().stream()
                .filter(b -> b.status().equals("CONFIRMED") || b.status().equals("CHECKED_IN"))
                .forEach(b -> nightsOf(b.stay())
                        .forEach(n -> expected.computeIfAbsent(n, k -> new int[2])[1] +=
                                b.stay().quantity()));
        for (Map.Entry<Night, Counters> e : state.counters().entrySet()) {
            int[] sums = expected.getOrDefault(e.getKey(), new int[2]);
            Counters c = e.getValue();
            if (c.held() != sums[0] || c.sold() != sums[1]) {
                counterMismatches++;
                problems.add("counters " + e.getKey() + " held " + c.held() + " sold " + c.sold()
                        + " but live holds sum to " + sums[0] + " and bookings to " + sums[1]);
            }
        }
        for (Night n : expected.keySet()) {
            if (!state.counters().containsKey(n)) {
                counterMismatches++;
                problems.add("counters: no night " + n + " in the store, which live holds or bookings take");
            }
        }

        int eventStoreMismatches = mismatches(state.holds(), state.storeHolds(), "hold", problems)
                + mismatches(state.bookings(), state.storeBookings(), "booking", problems);

        Unavailability window = unavailability(history);
        return new Report(
                history.size(),
                acknowledged,
                rejected,
                (int) history.stream()
                        .filter(op -> op.outcome() == Outcome.UNKNOWN)
                        .count(),
                unresolved,
                lost,
                oversold,
                duplicates,
                counterMismatches,
                eventStoreMismatches,
                window.millis(),
                window.hotels(),
                List.copyOf(problems));
    }

    /** Each key's last answer: its retry's when one was sent, else the first. */
    private static Map<String, Op> finalAnswers(List<Op> history, List<Op> retries) {
        Map<String, Op> last = new HashMap<>();
        history.forEach(op -> last.put(op.key(), op));
        retries.forEach(op -> last.put(op.key(), op));
        return last;
    }

    /** Why an acknowledged write is not in the final state as it was answered; null when it is. */
    private static String lostWrite(Op op, FinalState state, Set<String> cancelSent, Set<String> confirmSent) {
        String id = op.resultId().orElse(null);
        if (id == null) {
            return op.key() + " answered " + op.status() + " without an id";
        }
        return switch (op.kind()) {
            case HOLD -> {
                Item event = state.holds().get(id);
                Item store = state.storeHolds().get(id);
                if (event == null || store == null) {
                    yield "hold " + id + " (" + op.key() + ") is missing from the "
                            + (event == null ? "events" : "store");
                }
                Stay answered = stayOf(op);
                if (!store.stay().equals(answered)) {
                    yield "hold " + id + " was answered " + answered + " but is " + store.stay();
                }
                Set<String> allowed = confirmSent.contains(id) ? Set.of("ACTIVE", "CONFIRMED") : Set.of("ACTIVE");
                yield allowed.contains(store.status()) ? null : "hold " + id + " is " + store.status();
            }
            case BOOK, CONFIRM -> {
                Item event = state.bookings().get(id);
                Item store = state.storeBookings().get(id);
                if (event == null || store == null) {
                    yield "booking " + id + " (" + op.key() + ") is missing from the "
                            + (event == null ? "events" : "store");
                }
                Stay answered = stayOf(op);
                if (!store.stay().equals(answered)) {
                    yield "booking " + id + " was answered " + answered + " but is " + store.stay();
                }
                Set<String> allowed = cancelSent.contains(id) ? Set.of("CONFIRMED", "CANCELLED") : Set.of("CONFIRMED");
                yield allowed.contains(store.status()) ? null : "booking " + id + " is " + store.status();
            }
            case CANCEL -> {
                Item store = state.storeBookings().get(id);
                yield store != null && store.status().equals("CANCELLED")
                        ? null
                        : "cancelled booking " + id + " is " + (store == null ? "missing" : store.status());
            }
        };
    }

    private static Stay stayOf(Op op) {
        var json = op.json();
        return new Stay(
                json.path("hotelId").asText(),
                json.path("roomTypeId").asText(),
                LocalDate.parse(json.path("checkIn").asText()),
                LocalDate.parse(json.path("checkOut").asText()),
                json.path("quantity").asInt());
    }

    /** Keys whose acknowledged answers (first and retries) name more than one hold or booking. */
    private static int answersNamingTwoResults(List<Op> history, List<Op> retries, List<String> problems) {
        Map<String, Set<String>> ids = new TreeMap<>();
        for (List<Op> ops : List.of(history, retries)) {
            for (Op op : ops) {
                op.resultId().ifPresent(id -> ids.computeIfAbsent(op.key(), k -> new HashSet<>())
                        .add(id));
            }
        }
        int count = 0;
        for (Map.Entry<String, Set<String>> e : ids.entrySet()) {
            if (e.getValue().size() > 1) {
                count++;
                problems.add("key " + e.getKey() + " was answered with " + e.getValue());
            }
        }
        return count;
    }

    private static int mismatches(
            Map<String, Item> events, Map<String, Item> store, String what, List<String> problems) {
        int count = 0;
        for (Item event : events.values()) {
            Item stored = store.get(event.id());
            if (stored == null
                    || !stored.status().equals(event.status())
                    || !stored.stay().equals(event.stay())) {
                count++;
                problems.add(what + " " + event.id() + ": events say " + event.status() + " " + event.stay()
                        + ", the store " + (stored == null ? "has none" : stored.status() + " " + stored.stay()));
            }
        }
        return count;
    }

    static List<Night> nightsOf(Stay stay) {
        List<Night> nights = new ArrayList<>();
        for (LocalDate d = stay.checkIn(); d.isBefore(stay.checkOut()); d = d.plusDays(1)) {
            nights.add(new Night(stay.hotel(), stay.roomType(), d));
        }
        return nights;
    }

    /** The longest time a hotel went without a definite answer, and how many hotels had such a time. */
    record Unavailability(long millis, int hotels) {}

    /**
     * For each hotel, each run of requests without a definite answer (202, 5xx, timeouts, no node
     * answering) lasts from the end of the last definite answer before it (or its own start) to the
     * end of the first definite answer after it (or the last request's end).
     */
    static Unavailability unavailability(List<Op> history) {
        Map<String, List<Op>> byHotel = new TreeMap<>();
        history.forEach(op ->
                byHotel.computeIfAbsent(op.hotel(), k -> new ArrayList<>()).add(op));
        long longest = 0;
        int hotels = 0;
        for (List<Op> ops : byHotel.values()) {
            ops.sort(Comparator.comparingLong(Op::startNanos));
            long lastGood = Long.MIN_VALUE;
            long runStart = Long.MIN_VALUE;
            boolean affected = false;
            for (Op op : ops) {
                boolean good = op.outcome() != Outcome.UNKNOWN;
                if (!good && runStart == Long.MIN_VALUE) {
                    runStart = lastGood == Long.MIN_VALUE ? op.startNanos() : Math.min(lastGood, op.startNanos());
                    affected = true;
                } else if (good && runStart != Long.MIN_VALUE) {
                    longest = Math.max(longest, op.endNanos() - runStart);
                    runStart = Long.MIN_VALUE;
                }
                if (good) {
                    lastGood = Math.max(lastGood, op.endNanos());
                }
            }
            if (runStart != Long.MIN_VALUE) {
                long end = ops.stream().mapToLong(Op::endNanos).max().orElse(runStart);
                longest = Math.max(longest, end - runStart);
            }
            if (affected) {
                hotels++;
            }
        }
        return new Unavailability(longest / 1_000_000, hotels);
    }
}
