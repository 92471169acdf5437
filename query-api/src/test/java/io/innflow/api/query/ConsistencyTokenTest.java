package io.innflow.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.innflow.api.http.ApiException;
import org.apache.kafka.streams.query.Position;
import org.junit.jupiter.api.Test;

class ConsistencyTokenTest {

    @Test
    void shouldReadTheTokenAResultCarriesAndAskForThatPosition() {
        ConsistencyToken token = ConsistencyToken.parse("reservation-commands:3:1842", "reservation-commands");

        assertThat(token.partition()).isEqualTo(3);
        assertThat(token.offset()).isEqualTo(1842);
        assertThat(token.toString()).isEqualTo("reservation-commands:3:1842");
        assertThat(token.position()).isEqualTo(Position.emptyPosition().withComponent("reservation-commands", 3, 1842));
    }

    @Test
    void shouldRefuseTokensThisApiDidNotIssue() {
        for (String bad : new String[] {
            "",
            "garbage",
            "reservation-commands:3",
            "reservation-commands:x:1",
            "reservation-commands:-1:5",
            "other-topic:3:1842",
            "reservation-commands:3:1842:9"
        }) {
            assertThatThrownBy(() -> ConsistencyToken.parse(bad, "reservation-commands"))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
        }
    }
}
