package io.innflow.api.reservation;

import io.innflow.api.cluster.KeyedReads;
import io.innflow.api.http.Ids;
import io.innflow.api.http.Principal;
import io.innflow.api.http.Responses;
import io.innflow.api.query.ConsistencyToken;
import io.javalin.http.Context;

/** {@code GET /v1/hotels/{hotelId}/requests/{requestId}}: what became of a command whose answer timed out. */
public final class RequestController {

    private final ReservationQueries queries;
    private final KeyedReads reads;

    public RequestController(ReservationQueries queries, KeyedReads reads) {
        this.queries = queries;
        this.reads = reads;
    }

    public void status(Context ctx) {
        String hotelId = Ids.require("hotelId", ctx.pathParam("hotelId"));
        String requestId = Ids.require("requestId", ctx.pathParam("requestId"));
        String principal = Principal.of(ctx).name();
        Responses.read(
                ctx,
                reads.read(ctx, hotelId, scope -> queries.request(scope, hotelId, requestId, principal)),
                (c, result) -> {
                    RequestStatusView view = RequestStatusView.of(result);
                    if (view.consistencyToken() != null) {
                        c.header(ConsistencyToken.HEADER, view.consistencyToken());
                    }
                    c.json(view);
                });
    }
}
