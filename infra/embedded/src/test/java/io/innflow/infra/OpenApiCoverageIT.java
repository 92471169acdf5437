package io.innflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other class of the JVM: each documented response of a public route must have been
 * produced by some end-to-end test, checked against its schema on the way ({@link OpenApiContract}),
 * unless it is exempt below with the reason. Skipped when the classes that exercise the API did not
 * run (a single class run from the command line).
 */
@Order(Integer.MAX_VALUE)
class OpenApiCoverageIT {

    /** Documented statuses no end-to-end test produces on any public route, each with why. */
    private static final Map<String, String> EXEMPT_STATUSES = Map.of(
            "503",
            "needs a store that is not ready, an owner that does not answer or a database that is down; MultiNodeIT"
                    + " produces it for keyed reads, and every route maps it in the same one place",
            "202",
            "needs a result slower than the node's request timeout; MultiNodeIT's node-2 (1 ms timeout) produces it"
                    + " for holds, and every write answers it through the same CommandResponses path");

    @Test
    void shouldHaveSeenEveryDocumentedResponseOfEveryPublicRoute() {
        OpenApiContract contract = OpenApiContract.get();
        assumeTrue(
                contract.exercisedBy(Set.of(
                        ApiEndToEndIT.class,
                        PartnerCatalogIT.class,
                        AccessControlIT.class,
                        PartnerReportsIT.class,
                        MyReservationsIT.class,
                        GuestJourneyIT.class)),
                "ApiEndToEndIT, PartnerCatalogIT, AccessControlIT, PartnerReportsIT, MyReservationsIT and"
                        + " GuestJourneyIT did not all run in this JVM");

        Set<String> missing =
                new TreeSet<>(contract.neverObserved(op -> !op.template().startsWith("/internal/")));
        missing.removeIf(response -> EXEMPT_STATUSES.containsKey(response.substring(response.lastIndexOf(' ') + 1)));

        assertThat(missing).as("documented responses no test produced").isEmpty();
    }
}
