package io.innflow.api.partner;

import io.innflow.api.catalog.Actors;
import io.innflow.api.http.ApiException;
import io.innflow.api.http.Ids;
import io.innflow.api.http.Principal;
import io.innflow.connectors.catalog.Actor;
import io.innflow.connectors.catalog.CatalogException;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * {@code POST /v1/partner/hotels/{hotelId}/nights:upload}: a CSV file ({@code text/csv}) or a JSON
 * array ({@code application/json}) of nights. The body may be up to the configured size (20 MiB; other
 * routes keep Javalin's 1 MB default); a longer one is refused with 413 before or while it is read.
 */
public final class UploadController {

    /** How much of a refused body is read and dropped so that the client gets the answer. */
    static final long DRAIN_BYTES = 64L * 1024 * 1024;

    /** The default size limit of one upload: 20 MiB, about 400,000 CSV rows. */
    public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;

    private final PartnerCatalog catalog;
    private final long maxBytes;

    public UploadController(PartnerCatalog catalog, long maxBytes) {
        this.catalog = catalog;
        this.maxBytes = maxBytes;
    }

    public void upload(Context ctx) throws IOException {
        try {
            accept(ctx);
        } catch (ApiException | CatalogException e) {
            refuse(ctx);
            throw e;
        }
    }

    private void accept(Context ctx) throws IOException {
        Actor partner = Actors.partner(Principal.partner(ctx));
        String hotelId = Ids.require("hotelId", ctx.pathParam("hotelId"));
        PartnerCatalog.Format format = format(ctx.contentType());
        boolean partial = partial(ctx.queryParam("partial"));
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(declared + " bytes");
        }
        catalog.requireOwned(partner, hotelId);
        byte[] body = read(ctx.req().getInputStream());
        if (body.length == 0) {
            throw ApiException.badRequest("The upload is empty");
        }
        ctx.json(catalog.upload(partner, hotelId, format, body, partial));
    }

    private static PartnerCatalog.Format format(String contentType) {
        String type =
                contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "text/csv" -> PartnerCatalog.Format.CSV;
            case "application/json" -> PartnerCatalog.Format.JSON;
            default ->
                throw new ApiException(
                        415,
                        "unsupported-media-type",
                        "Unsupported media type",
                        "Upload nights as text/csv or application/json, not '" + (type.isEmpty() ? "(none)" : type)
                                + "'");
        };
    }

    private static boolean partial(String raw) {
        if (raw == null || raw.equalsIgnoreCase("false")) {
            return false;
        }
        if (raw.equalsIgnoreCase("true")) {
            return true;
        }
        throw ApiException.badRequest("partial must be true or false");
    }

    private byte[] read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            total += n;
            if (total > maxBytes) {
                throw tooLarge("more than " + maxBytes + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * An upload refused before its body was read: a client still sending would see the connection
     * reset instead of the answer, so the rest of the body is read and dropped (up to {@link
     * #DRAIN_BYTES}) before answering. A client that sent {@code Expect: 100-continue} (curl does for
     * large bodies) has sent nothing yet and is answered at once.
     */
    private static void refuse(Context ctx) {
        String expect = ctx.header("Expect");
        if (expect != null && expect.equalsIgnoreCase("100-continue")) {
            return;
        }
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] buffer = new byte[64 * 1024];
            long drained = 0;
            for (int n; drained < DRAIN_BYTES && (n = in.read(buffer)) != -1; ) {
                drained += n;
            }
            if (drained >= DRAIN_BYTES) {
                ctx.header("Connection", "close");
            }
        } catch (IOException | RuntimeException e) {
            ctx.header("Connection", "close");
        }
    }

    private ApiException tooLarge(String size) {
        return new ApiException(
                413,
                "upload-too-large",
                "The upload is too large",
                "The body has " + size + "; one upload may have at most " + maxBytes + " bytes ("
                        + maxBytes / (1024 * 1024) + " MiB). Split it into several uploads; nothing was changed.");
    }
}
