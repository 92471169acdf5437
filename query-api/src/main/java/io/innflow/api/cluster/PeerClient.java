package io.innflow.api.cluster;

import io.innflow.api.http.Principal;
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
            // A user's token never travels between nodes: they trust each other by the cluster
            // credential, and the guest a read is for travels in its own header.
            "authorization",
            "cookie",
            Principal.RELAYED_HEADER.toLowerCase(Locale.ROOT),
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
     * GETs {@code pathAndQuery} from {@code host}, passing on {@code headers} (minus hop-by-hop ones
     * and credentials), for {@code principal} (relayed when a guest); completes exceptionally when the
     * instance cannot be reached or does not answer in time.
     */
    public CompletableFuture<HttpResponse<byte[]>> get(
            HostInfo host, String pathAndQuery, Map<String, String> headers, Principal principal, Duration timeout) {
        return http.sendAsync(
                request(host, pathAndQuery, headers, principal, timeout), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The request {@link #get} sends. */
    HttpRequest request(
            HostInfo host, String pathAndQuery, Map<String, String> headers, Principal principal, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
                .timeout(timeout)
                .GET();
        headers.forEach((name, value) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                request.header(name, value);
            }
        });
        principal.relayed().ifPresent(name -> request.header(Principal.RELAYED_HEADER, name));
        request.header(ClusterAuth.HEADER, secret);
        return request.build();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
