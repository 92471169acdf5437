package io.innflow.api.partner;

import io.innflow.api.cluster.ReadResult;
import io.javalin.http.Context;
import java.util.concurrent.CompletableFuture;

/**
 * Reads one page of a hotel's booking list where the hotel's bookings are: in a node, {@link
 * BookingLists#page} through {@code KeyedReads}, which forwards to the node that owns the hotel.
 */
@FunctionalInterface
public interface BookingListReads {

    CompletableFuture<ReadResult<BookingLists.Page>> read(
            Context ctx, String hotelId, BookingLists.Query query, String after, int limit);
}
