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

    /** Documented responses no end-to-end test produces, each with why. */
    private static final Map<String, String> EXEMPT = Map.of();

    @Test
    void shouldHaveSeenEveryDocumentedResponseOfEveryPublicRoute() {
        OpenApiContract contract = OpenApiContract.get();
        assumeTrue(
                contract.exercisedBy(Set.of(ApiEndToEndIT.class, PartnerCatalogIT.class)),
                "ApiEndToEndIT and PartnerCatalogIT did not both run in this JVM");

        Set<String> missing =
                new TreeSet<>(contract.neverObserved(op -> !op.template().startsWith("/internal/")));
        missing.removeIf(EXEMPT::containsKey);

        assertThat(missing).as("documented responses no test produced").isEmpty();
    }
}
