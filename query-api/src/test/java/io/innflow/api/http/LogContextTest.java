package io.innflow.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** A request's log context follows its future's completion onto the thread that completes it. */
class LogContextTest {

    private final ExecutorService completer = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        completer.shutdownNow();
        MDC.clear();
    }

    @Test
    void shouldRunACompletionWithTheRequestsContextAndGiveTheCompletingThreadItsOwnBack() throws Exception {
        completer.submit(() -> MDC.put("thread", "reply-reader")).get(5, TimeUnit.SECONDS);
        MDC.put(LogContext.HOTEL_ID, "bkk-001");
        MDC.put(LogContext.REQUEST_ID, "r-1");
        AtomicReference<Map<String, String>> seen = new AtomicReference<>();

        CompletableFuture<String> reply = new CompletableFuture<>();
        CompletableFuture<Void> answered =
                reply.thenAccept(LogContext.carried(value -> seen.set(MDC.getCopyOfContextMap())));
        MDC.clear();
        completer.submit(() -> reply.complete("done")).get(5, TimeUnit.SECONDS);
        answered.get(5, TimeUnit.SECONDS);

        assertThat(seen.get()).containsExactlyInAnyOrderEntriesOf(Map.of("hotelId", "bkk-001", "requestId", "r-1"));
        assertThat(completer.submit(MDC::getCopyOfContextMap).get(5, TimeUnit.SECONDS))
                .containsExactlyInAnyOrderEntriesOf(Map.of("thread", "reply-reader"));
    }
}
