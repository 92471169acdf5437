package io.innflow.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.api.http.Principal;
import io.innflow.api.http.Role;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/** What a node sends another when it forwards a read: never the caller's credentials. */
class PeerClientTest {

    private static final HostInfo PEER = new HostInfo("127.0.0.1", 9);

    @Test
    void shouldNeverRelayTheCallersTokenButNameTheGuestAndPresentTheClusterCredential() {
        try (PeerClient peers = new PeerClient("cluster-secret", Duration.ofSeconds(1))) {
            Map<String, String> incoming = Map.of(
                    "Authorization",
                    "Bearer the-guests-token",
                    "Cookie",
                    "session=1",
                    ClusterAuth.HEADER,
                    "guessed",
                    Principal.RELAYED_HEADER,
                    "guest:someone-else",
                    "Accept",
                    "application/json");

            HttpRequest request = peers.request(
                    PEER, "/internal/v1/hotels/h/holds/x", incoming, Principal.guest("alice"), Duration.ofSeconds(1));

            assertThat(request.headers().firstValue("Authorization")).isEmpty();
            assertThat(request.headers().firstValue("Cookie")).isEmpty();
            assertThat(request.headers().allValues(Principal.RELAYED_HEADER)).containsExactly("guest:alice");
            assertThat(request.headers().allValues(ClusterAuth.HEADER)).containsExactly("cluster-secret");
            assertThat(request.headers().firstValue("Accept")).hasValue("application/json");
        }
    }

    @Test
    void shouldRelayNoPrincipalForACallerThatIsNotAGuest() {
        try (PeerClient peers = new PeerClient("cluster-secret", Duration.ofSeconds(1))) {
            HttpRequest request = peers.request(
                    PEER,
                    "/internal/v1/search",
                    Map.of(Principal.RELAYED_HEADER, "guest:forged"),
                    new Principal(Role.ADMIN, "root", null),
                    Duration.ofSeconds(1));

            assertThat(request.headers().firstValue(Principal.RELAYED_HEADER)).isEmpty();
        }
    }
}
