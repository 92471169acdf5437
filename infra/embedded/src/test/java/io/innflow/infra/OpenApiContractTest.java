package io.innflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The contract check itself: it must fail on what openapi.json does not allow. */
class OpenApiContractTest {

    private static final Optional<String> JSON = Optional.of("application/json");
    private static final Optional<String> PROBLEM = Optional.of("application/problem+json");
    private final OpenApiContract contract = OpenApiContract.get();

    @Test
    void shouldMatchAConcretePathToItsTemplateAndPreferLiteralSegments() {
        assertThat(contract.operation("GET", "/v1/hotels/bkk-001/holds/h-1?allowStale=true"))
                .hasValueSatisfying(op -> assertThat(op.template()).isEqualTo("/v1/hotels/{hotelId}/holds/{holdId}"));
        assertThat(contract.operation("GET", "/v1/hotels?city=x"))
                .hasValueSatisfying(op -> assertThat(op.template()).isEqualTo("/v1/hotels"));
        assertThat(contract.operation("PUT", "/v1/hotels/bkk-001/holds/h-1")).isEmpty();
    }

    @Test
    void shouldAcceptADocumentedResponse() {
        assertThatCode(() -> contract.check("GET", "/health/live", 200, JSON, "{\"status\":\"UP\"}"))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldRejectAStatusTheOperationDoesNotDocument() {
        assertThatThrownBy(() -> contract.check("GET", "/health/live", 418, JSON, "{}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("status 418 is not documented");
    }

    @Test
    void shouldRejectABodyThatBreaksTheDocumentedSchema() {
        // A problem without its required fields, where a Problem is documented
        assertThatThrownBy(() -> contract.check("GET", "/v1/hotels/bkk-001", 404, PROBLEM, "{\"status\":\"404\"}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("against its documented schema");
    }

    @Test
    void shouldRejectAnUndocumentedMediaType() {
        assertThatThrownBy(() -> contract.check("GET", "/v1/hotels/bkk-001", 404, JSON, "{}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("media type 'application/json' is not documented");
    }
}
