package io.innflow.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorConfigsTest {

    private static final String REGISTRY_API = "http://registry.internal:8081/apis/registry/v2";
    private static final String AVRO_CONVERTER = "io.apicurio.registry.utils.converter.AvroConverter";

    private static Map<String, String> catalogValues() {
        Map<String, String> values = new HashMap<>();
        values.put("postgres.host", "db.internal");
        values.put("postgres.port", "5433");
        values.put("postgres.user", "debezium");
        values.put("postgres.password", "s3cret");
        values.put("postgres.database", "innflow");
        values.put("registry.api", REGISTRY_API);
        return values;
    }

    @Test
    void shouldSubstituteEveryPlaceholderInCatalogSource() {
        // When
        ConnectorConfig connector = ConnectorConfigs.load("catalog-source", catalogValues());

        // Then
        assertThat(connector.name()).isEqualTo("catalog-source");
        assertThat(connector.config())
                .containsEntry("database.hostname", "db.internal")
                .containsEntry("database.port", "5433")
                .containsEntry("database.user", "debezium")
                .containsEntry("database.password", "s3cret")
                .containsEntry("database.dbname", "innflow")
                .containsEntry("key.converter.apicurio.registry.url", REGISTRY_API)
                .containsEntry("value.converter.apicurio.registry.url", REGISTRY_API);
        assertThat(connector.config().values()).noneMatch(v -> v.contains("${"));
    }

    @Test
    void shouldKeepTheCatalogSourceContract() {
        // When
        Map<String, String> config =
                ConnectorConfigs.load("catalog-source.json", catalogValues()).config();

        // Then: the settings other modules rely on
        assertThat(config)
                .containsEntry("connector.class", "io.debezium.connector.postgresql.PostgresConnector")
                .containsEntry("plugin.name", "pgoutput")
                .containsEntry("slot.name", "innflow_catalog")
                .containsEntry("publication.name", "innflow_catalog")
                .containsEntry("publication.autocreate.mode", "filtered")
                .containsEntry("topic.prefix", "catalog")
                .containsEntry("table.include.list", "public.hotels,public.room_types,public.room_nights")
                .containsEntry("snapshot.mode", "initial")
                .containsEntry("transforms.unwrap.type", "io.debezium.transforms.ExtractNewRecordState")
                .containsEntry("time.precision.mode", "connect")
                .containsKey("heartbeat.interval.ms");
    }

    @Test
    void shouldWriteKeysAndValuesAsAvroInTheConfluentWireFormat() {
        // When
        Map<String, String> config =
                ConnectorConfigs.load("catalog-source", catalogValues()).config();

        // Then: Apicurio's AvroConverter, magic byte + 4-byte content id, no headers, same as the application's serdes
        for (String side : new String[] {"key", "value"}) {
            String prefix = side + ".converter";
            assertThat(config)
                    .containsEntry(prefix, AVRO_CONVERTER)
                    .containsEntry(prefix + ".apicurio.registry.url", REGISTRY_API)
                    .containsEntry(prefix + ".apicurio.registry.auto-register", "true")
                    .containsEntry(prefix + ".apicurio.registry.headers.enabled", "false")
                    .containsEntry(prefix + ".apicurio.registry.use-id", "contentId")
                    .containsEntry(
                            prefix + ".apicurio.registry.id-handler",
                            "io.apicurio.registry.serde.Legacy4ByteIdHandler");
        }
        assertThat(config.keySet()).noneMatch(k -> k.endsWith(".schemas.enable"));
    }

    @Test
    void shouldFailNamingThePlaceholderSettingAndFileWhenAValueIsMissing() {
        // Given
        Map<String, String> values = catalogValues();
        values.remove("postgres.password");

        // When / Then
        assertThatThrownBy(() -> ConnectorConfigs.load("catalog-source", values))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("catalog-source.json")
                .hasMessageContaining("${postgres.password}")
                .hasMessageContaining("database.password");
    }

    @Test
    void shouldListEveryMissingPlaceholderAtOnce() {
        assertThatThrownBy(() -> ConnectorConfigs.load("catalog-source", Map.of()))
                .hasMessageContaining("${postgres.host}")
                .hasMessageContaining("${registry.api}")
                .hasMessageContaining("value.converter.apicurio.registry.url");
    }

    @Test
    void shouldLeaveConnectConfigProviderReferencesForTheWorker() {
        // Given
        String json =
                "{\"name\":\"x\",\"config\":{\"database.password\":\"${env:PG_PASSWORD}\",\"a\":\"${file:/s.properties:pw}\"}}";

        // When
        ConnectorConfig connector = ConnectorConfigs.parse("inline", json, Map.of());

        // Then
        assertThat(connector.config())
                .containsEntry("database.password", "${env:PG_PASSWORD}")
                .containsEntry("a", "${file:/s.properties:pw}");
    }

    @Test
    void shouldSubstitutePlaceholdersInsideLongerValuesAndInTheName() {
        // Given
        String json = "{\"name\":\"${role}-source\",\"config\":{\"url\":\"jdbc:postgresql://${host}:${port}/db\"}}";

        // When
        ConnectorConfig connector =
                ConnectorConfigs.parse("inline", json, Map.of("role", "catalog", "host", "h", "port", "1"));

        // Then
        assertThat(connector.name()).isEqualTo("catalog-source");
        assertThat(connector.config()).containsEntry("url", "jdbc:postgresql://h:1/db");
    }

    @Test
    void shouldKeepValuesWithJsonSpecialCharactersIntactAndNotReexpandThem() throws Exception {
        // Given: a password with quotes, a backslash, a dollar and something that looks like a placeholder
        String password = "p\"a\\s$s${other}";
        String json = "{\"name\":\"x\",\"config\":{\"database.password\":\"${pw}\"}}";

        // When
        ConnectorConfig connector = ConnectorConfigs.parse("inline", json, Map.of("pw", password));

        // Then
        assertThat(connector.config()).containsEntry("database.password", password);
        JsonNode roundTrip = new ObjectMapper().readTree(connector.toJson());
        assertThat(roundTrip.path("config").path("database.password").asText()).isEqualTo(password);
        assertThat(new ObjectMapper()
                        .readTree(connector.configJson())
                        .path("database.password")
                        .asText())
                .isEqualTo(password);
    }

    @Test
    void shouldTreatDoubleDollarAsALiteralPlaceholderStart() {
        ConnectorConfig connector =
                ConnectorConfigs.parse("inline", "{\"name\":\"x\",\"config\":{\"a\":\"$${literal}\"}}", Map.of());

        assertThat(connector.config()).containsEntry("a", "${literal}");
    }

    @Test
    void shouldTurnNumbersAndBooleansIntoStrings() {
        ConnectorConfig connector =
                ConnectorConfigs.parse("inline", "{\"name\":\"x\",\"config\":{\"tasks.max\":1,\"b\":true}}", Map.of());

        assertThat(connector.config()).containsEntry("tasks.max", "1").containsEntry("b", "true");
    }

    @Test
    void shouldRejectAMissingFileAndAMalformedDocument() {
        assertThatThrownBy(() -> ConnectorConfigs.load("no-such-connector", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-connector.json");
        assertThatThrownBy(() -> ConnectorConfigs.parse("inline", "{\"config\":{}}", Map.of()))
                .hasMessageContaining("\"name\"");
        assertThatThrownBy(() ->
                        ConnectorConfigs.parse("inline", "{\"name\":\"x\",\"config\":{\"a\":{\"b\":1}}}", Map.of()))
                .hasMessageContaining("'a'");
        assertThatThrownBy(() -> ConnectorConfigs.parse("inline", "not json", Map.of()))
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void shouldMaskPasswordsInToString() {
        ConnectorConfig connector = ConnectorConfigs.load("catalog-source", catalogValues());

        assertThat(connector.toString()).doesNotContain("s3cret").contains("database.hostname=db.internal");
    }
}
