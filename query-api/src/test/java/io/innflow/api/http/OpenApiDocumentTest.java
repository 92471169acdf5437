package io.innflow.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The hand-written openapi.json the node serves is a valid OpenAPI 3.1 document. */
class OpenApiDocumentTest {

    @Test
    void shouldParseTheServedDocumentWithoutASingleValidationMessage() throws IOException {
        // Given the document exactly as GET /openapi.json serves it
        String document;
        try (InputStream in = OpenApi.class.getResourceAsStream(OpenApi.RESOURCE)) {
            assertThat(in).as(OpenApi.RESOURCE + " on the classpath").isNotNull();
            document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);

        // When swagger-parser reads and validates it, resolving every $ref
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document, null, options);

        // Then it has nothing to say, and the document is whole
        assertThat(result.getMessages()).as("validation messages").isEmpty();
        OpenAPI api = result.getOpenAPI();
        assertThat(api).isNotNull();
        assertThat(api.getOpenapi()).isEqualTo("3.1.0");
        assertThat(api.getPaths()).containsKeys("/v1/search", "/v1/hotels/{hotelId}/holds");
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> assertThat(operation.getResponses())
                        .as(method + " " + path + " documents its responses")
                        .isNotEmpty()));
    }
}
