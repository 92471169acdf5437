package io.innflow.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The HTTP timers operators scrape, recorded by a real Javalin server's request logger as the node wires it. */
class NodeMetricsHttpTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void shouldCountEachRouteTemplateAndStatusInItsOwnSeries() throws Exception {
        try (NodeMetrics metrics = new NodeMetrics("node-t")) {
            Javalin app = Javalin.create(cfg -> {
                        cfg.startup.showJavalinBanner = false;
                        cfg.requestLogger.http(metrics::recordHttp);
                        cfg.routes.get("/v1/hotels/{hotelId}", ctx -> {
                            if (ctx.pathParam("hotelId").startsWith("missing")) {
                                ctx.status(404);
                            }
                            ctx.result("{}");
                        });
                    })
                    .start("127.0.0.1", 0);
            try {
                // Given three hotels read, two unknown hotels and one path no route serves
                for (String path : new String[] {
                    "/v1/hotels/a",
                    "/v1/hotels/b",
                    "/v1/hotels/a",
                    "/v1/hotels/missing-1",
                    "/v1/hotels/missing-2",
                    "/nope"
                }) {
                    client.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                }
            } finally {
                app.stop();
            }

            // Then each route template and status has its own series, counting every request of it
            String scraped = metrics.registry().scrape();
            assertThat(scraped)
                    .contains("innflow_http_server_requests_seconds_count{method=\"GET\",node=\"node-t\","
                            + "route=\"/v1/hotels/{hotelId}\",status=\"200\"} 3")
                    .contains("innflow_http_server_requests_seconds_count{method=\"GET\",node=\"node-t\","
                            + "route=\"/v1/hotels/{hotelId}\",status=\"404\"} 2")
                    .contains("innflow_http_server_requests_seconds_count{method=\"GET\",node=\"node-t\","
                            + "route=\"unmatched\",status=\"404\"} 1");
        }
    }
}
