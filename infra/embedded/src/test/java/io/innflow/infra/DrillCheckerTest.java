package io.innflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.infra.DrillChecker.Counters;
import io.innflow.infra.DrillChecker.FinalState;
import io.innflow.infra.DrillChecker.Item;
import io.innflow.infra.DrillChecker.Night;
import io.innflow.infra.DrillChecker.Report;
import io.innflow.infra.DrillChecker.Stay;
import io.innflow.infra.DrillLoad.Kind;
import io.innflow.infra.DrillLoad.Op;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checker's rules on made-up histories: each finding it must report, and a clean drill. */
class DrillCheckerTest {

    private static final LocalDate D = LocalDate.of(2027, 3, 1);
    private static final Stay TWO_NIGHTS = new Stay("h1", "std", D, D.plusDays(2), 1);

    private static Op hold(String key, long start, long end, int status, String holdId) {
        String answer = status == 201
                ? "{\"holdId\":\"" + holdId + "\",\"hotelId\":\"h1\",\"roomTypeId\":\"std\",\"checkIn\":\"" + D
                        + "\",\"checkOut\":\"" + D.plusDays(2) + "\",\"quantity\":1}"
                : "{}";
        return new Op("g", Kind.HOLD, "h1", key, "POST", "/v1/hotels/h1/holds", "{}", null, start, end, status, answer);
    }

    private static Map<Night, Counters> counters(int allotment, int held) {
        Map<Night, Counters> counters = new HashMap<>();
        counters.put(new Night("h1", "std", D), new Counters(allotment, 0, held, 0));
        counters.put(new Night("h1", "std", D.plusDays(1)), new Counters(allotment, 0, held, 0));
        return counters;
    }

    private static FinalState state(
            Map<String, Item> holds, Map<String, Set<String>> byRequest, Map<Night, Counters> c) {
        return new FinalState(holds, Map.of(), byRequest, Map.of(), holds, Map.of(), c);
    }

    @Test
    void shouldFindNothingWhenEveryAcknowledgedHoldIsThereOnceAndCounted() {
        Item h = new Item("hold-1", "r1", "guest:g", TWO_NIGHTS, "ACTIVE");

        Report report = DrillChecker.check(
                List.of(hold("k1", 0, 10, 201, "hold-1"), hold("k2", 20, 30, 409, null)),
                List.of(),
                state(Map.of("hold-1", h), Map.of("r1", Set.of("hold-1")), counters(1, 1)));

        assertThat(report.clean()).as(report.problems().toString()).isTrue();
        assertThat(report.sent()).isEqualTo(2);
        assertThat(report.acknowledged()).isEqualTo(1);
        assertThat(report.rejected()).isEqualTo(1);
        assertThat(report.unavailableMillis()).isZero();
    }

    @Test
    void shouldCountAnAcknowledgedHoldMissingFromTheFinalStateAsLost() {
        Report report = DrillChecker.check(
                List.of(hold("k1", 0, 10, 201, "hold-1")), List.of(), state(Map.of(), Map.of(), counters(1, 0)));

        assertThat(report.lost()).isEqualTo(1);
        assertThat(report.problems()).anyMatch(p -> p.contains("hold-1"));
    }

    @Test
    void shouldCountANightHeldBeyondItsAllotmentAsOversoldAndACounterThatIsNotTheSumAsAMismatch() {
        Item h = new Item("hold-1", "r1", "guest:g", TWO_NIGHTS, "ACTIVE");

        Report report = DrillChecker.check(
                List.of(hold("k1", 0, 10, 201, "hold-1")),
                List.of(),
                state(Map.of("hold-1", h), Map.of("r1", Set.of("hold-1")), counters(1, 2)));

        assertThat(report.oversold()).isEqualTo(2);
        assertThat(report.counterMismatches()).isEqualTo(2);
    }

    @Test
    void shouldCountARequestThatPlacedTwoHoldsAsADuplicate() {
        Item a = new Item("hold-1", "r1", "guest:g", TWO_NIGHTS, "ACTIVE");
        Item b = new Item("hold-2", "r1", "guest:g", TWO_NIGHTS, "ACTIVE");

        Report report = DrillChecker.check(
                List.of(hold("k1", 0, 10, 201, "hold-1")),
                List.of(hold("k1", 50, 60, 201, "hold-2")),
                state(Map.of("hold-1", a, "hold-2", b), Map.of("r1", Set.of("hold-1", "hold-2")), counters(2, 2)));

        // Once in the events (one request, two holds) and once in the answers (one key, two ids)
        assertThat(report.duplicates()).isEqualTo(2);
    }

    @Test
    void shouldMeasureUnavailabilityFromTheLastDefiniteAnswerToTheFirstOneAfter() {
        Item h = new Item("hold-1", "r1", "guest:g", TWO_NIGHTS, "ACTIVE");
        long ms = 1_000_000;

        Report report = DrillChecker.check(
                List.of(
                        hold("k0", 0, 100 * ms, 409, null),
                        hold("k1", 200 * ms, 1_200 * ms, 503, null),
                        hold("k2", 1_300 * ms, 2_100 * ms, 0, null),
                        hold("k3", 2_200 * ms, 2_500 * ms, 201, "hold-1")),
                List.of(hold("k1", 3_000 * ms, 3_100 * ms, 409, null), hold("k2", 3_200 * ms, 3_300 * ms, 409, null)),
                state(Map.of("hold-1", h), Map.of("r1", Set.of("hold-1")), counters(1, 1)));

        assertThat(report.unavailableMillis()).isEqualTo(2_400);
        assertThat(report.hotelsUnavailable()).isEqualTo(1);
        assertThat(report.unknownAtFirst()).isEqualTo(2);
        assertThat(report.unresolved()).isZero();
        assertThat(report.clean()).as(report.problems().toString()).isTrue();
    }

    @Test
    void shouldReportAStoreThatDisagreesWithTheEvents() {
        Item events = new Item("hold-1", "r1", "guest:g", TWO_NIGHTS, "RELEASED");
        Item store = new Item("hold-1", "r1", "guest:g", TWO_NIGHTS, "ACTIVE");

        Report report = DrillChecker.check(
                List.of(),
                List.of(),
                new FinalState(
                        Map.of("hold-1", events),
                        Map.of(),
                        Map.of(),
                        Map.of(),
                        Map.of("hold-1", store),
                        Map.of(),
                        counters(1, 0)));

        assertThat(report.eventStoreMismatches()).isEqualTo(1);
    }
}
