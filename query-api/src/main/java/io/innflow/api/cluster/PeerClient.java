package io.innflow.api.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asynchronous HTTP calls to other instances' internal endpoints, with the cluster credential. No
 * caller thread waits: every call returns a future that completes on the client's own threads.
 */
public final class PeerClient implements AutoCloseable {

    /** Request headers a node never passes on when it forwards a request. */
    private static final Set<String> NOT_FORWARDED = Set.of(
            "connection",
            "content-length",
            "expect",
            "host",
            "upgrade",
            "keep-alive",
            "te",
            "trailer",
            "transfer-encoding",
            "proxy-authorization",
            "proxy-connection",
            "accept-encoding",
            ClusterAuth.HEADER.toLowerCase(Locale.ROOT));

    private final String secret;
    private final ExecutorService pool;
    private final HttpClient http;

    public PeerClient(String secret, Duration connectTimeout) {
        this.secret = secret;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "peer-client-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder()
                .executor(pool)
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * GETs {@code pathAndQuery} from {@code host}, passing on {@code headers} (minus hop-by-hop ones);
     * completes exceptionally when the instance cannot be reached or does not answer in time.
     */
    public CompletableFuture<HttpResponse<byte[]>> get(
            HostInfo host, String pathAndQuery, Map<String, String> headers, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
                .timeout(timeout)
                .GET();
        headers.forEach((name, value) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                request.header(name, value);
            }
        });
        request.header(ClusterAuth.HEADER, secret);
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
