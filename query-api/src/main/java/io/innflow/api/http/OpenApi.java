package io.innflow.api.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.1 document of the whole HTTP API, written by hand in
 * {@code query-api/src/main/resources/openapi.json}. Tests keep it true: it must parse and validate
 * (OpenApiDocumentTest), every route the node registers must be in it, and the end-to-end tests check
 * every response they receive against it and fail when a documented response of a public route was
 * never produced (ApiEndToEndIT, OpenApiContract and OpenApiCoverageIT in infra/embedded).
 */
public final class OpenApi {

    /** Where the document is on the classpath. */
    public static final String RESOURCE = "/openapi.json";

    private final byte[] document;

    public OpenApi() {
        try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The OpenAPI document " + RESOURCE + " is not on the classpath");
            }
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void serve(Context ctx) {
        ctx.contentType("application/json").result(document);
    }
}
