package io.innflow.api.partner;

import io.innflow.api.http.Principal;
import io.innflow.api.reservation.CommandOutcome;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;

/** Sends a reservation command through Kafka; {@code CommandService::submit} in a node. */
@FunctionalInterface
public interface BookingCommands {

    CompletableFuture<CommandOutcome> submit(
            Principal principal, String hotelId, String idempotencyKey, SpecificRecord command);
}
