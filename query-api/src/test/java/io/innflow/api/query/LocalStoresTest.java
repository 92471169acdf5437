package io.innflow.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.query.Position;
import org.junit.jupiter.api.Test;

class LocalStoresTest {

    private static final String COMMANDS = "reservation-commands";

    @Test
    void shouldPassTheTokenOnlyOnceTheStoreHasAppliedItsOffset() {
        Position token = Position.emptyPosition().withComponent(COMMANDS, 2, 100);

        assertThat(LocalStores.covers(Position.emptyPosition().withComponent(COMMANDS, 2, 100), token))
                .isTrue();
        assertThat(LocalStores.covers(Position.emptyPosition().withComponent(COMMANDS, 2, 250), token))
                .isTrue();
        assertThat(LocalStores.covers(Position.emptyPosition().withComponent(COMMANDS, 2, 99), token))
                .isFalse();
    }

    @Test
    void shouldNotPassATokenOfAPartitionOrTopicTheStoreHasNeverSeen() {
        Position token = Position.emptyPosition().withComponent(COMMANDS, 2, 100);

        assertThat(LocalStores.covers(Position.emptyPosition().withComponent(COMMANDS, 3, 500), token))
                .isFalse();
        assertThat(LocalStores.covers(Position.emptyPosition().withComponent("other", 2, 500), token))
                .isFalse();
        assertThat(LocalStores.covers(Position.emptyPosition(), token)).isFalse();
    }
}
