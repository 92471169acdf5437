package io.innflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.innflow.api.http.Problem;

/** The one check of an error answer, for every end-to-end test. */
final class Problems {

    private Problems() {}

    /**
     * Asserts that {@code response} is an RFC 9457 problem of {@code status} whose {@code type} is
     * {@code https://innflow.io/problems/<type>}, served as application/problem+json with a detail and
     * the request's path; returns the problem for further checks (its {@code reason}, say).
     */
    static JsonNode assertProblem(ApiClient.Response response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.body()).hasValueSatisfying(t -> assertThat(t)
                .startsWith(Problem.CONTENT_TYPE));
        JsonNode problem = response.json();
        assertThat(problem.path("type").asText()).as(response.body()).isEqualTo(Problem.TYPE_BASE + type);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).as(response.body()).isNotBlank();
        assertThat(problem.path("instance").asText()).startsWith("/");
        return problem;
    }
}
