package io.innflow.load;

import java.io.IOException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * The benchmarks' load generator over HTTP: Apache HttpClient 5's blocking client, HTTP/1.1 on the
 * calling client's own thread, one pooled connection per client. The JDK's client hands every request
 * to its selector thread and back; on the 2-core machine where the node runs too, that cost 3.2-3.6
 * times the CPU per request and took it from the node (docs/benchmarks.md, "The benchmark's own HTTP client").
 */
final class BlockingHttp implements AutoCloseable {

    /** A status and the body as text. */
    record Answer(int status, String body) {}

    private final CloseableHttpClient client = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(4096)
                    .setMaxConnPerRoute(4096)
                    .setDefaultConnectionConfig(ConnectionConfig.custom()
                            .setConnectTimeout(Timeout.ofSeconds(5))
                            .setSocketTimeout(Timeout.ofSeconds(30))
                            .build())
                    .build())
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableRedirectHandling()
            .disableContentCompression()
            .build();

    /** Sends {@code request} and returns its status; the body is read and dropped. */
    int status(ClassicHttpRequest request) throws IOException {
        return client.execute(request, response -> {
            EntityUtils.consume(response.getEntity());
            return response.getCode();
        });
    }

    /** A GET of {@code uri}, with its body. */
    Answer get(String uri) throws IOException {
        return client.execute(
                ClassicRequestBuilder.get(uri).build(),
                response -> new Answer(
                        response.getCode(),
                        response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity())));
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
