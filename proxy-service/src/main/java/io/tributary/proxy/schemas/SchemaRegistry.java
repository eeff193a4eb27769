package io.tributary.proxy.schemas;

import io.tributary.proxy.errors.RestProxyError;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.AvroRuntimeException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Avro, JSON and Protobuf schemas by id and subject, kept in proxy-service's PostgreSQL, or, when
 * {@code schema.registry.url} ({@code SCHEMA_REGISTRY_URL}) names a Schema-Registry-compatible service, there:
 * registering a schema under a
 * subject answers its id (the same id for the same schema, whatever subject), and adds a version to the subject
 * when the subject did not have it yet. Schemas never change once registered, so they are cached by id.
 */
@Service
public class SchemaRegistry {

    /** The kinds of schema the registry keeps, named as Schema Registry names them. */
    public enum SchemaType { AVRO, JSON, PROTOBUF }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Map<Integer, RegisteredSchema> byId = new ConcurrentHashMap<>();
    private final ExternalSchemaRegistry external;
    /** The id each (subject, type, schema text) was registered with, bounded as clients' schemas are few. */
    private final Map<String, Integer> registered = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
                    return size() > 10_000;
                }
            });

    public SchemaRegistry(JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json,
            @Value("${schema.registry.url:${tributary.proxy.schema-registry.url:}}") String externalUrl,
            @Value("${tributary.proxy.schema-registry.timeout:10s}") Duration externalTimeout) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.external = externalUrl == null || externalUrl.isBlank() ? null
                : new ExternalSchemaRegistry(externalUrl, json, externalTimeout);
    }

    /** A schema given as text: checked ({@code 42205} when it is not a valid one), registered, with its id. */
    public RegisteredSchema register(String subject, SchemaType type, String schemaText) {
        // clients send the same schema text with every request: it was checked and registered the first time
        String registration = subject + '\u0000' + type + '\u0000' + schemaText;
        Integer known = registered.get(registration);
        if (known != null) {
            return byId(known);
        }
        String canonical = canonical(type, schemaText);
        if (external != null) {
            int id = external.register(subject, type, schemaText);
            registered.put(registration, id);
            return byId.computeIfAbsent(id, unused -> new RegisteredSchema(id, type, schemaText));
        }
        Integer id = transactions.execute(status -> {
            // one registration per subject at a time, so versions are numbered without gaps or clashes
            jdbc.queryForObject("SELECT pg_advisory_xact_lock(hashtext(?))", Object.class, subject);
            Integer schemaId = jdbc.queryForObject("INSERT INTO registered_schema (schema_type, schema_text, canonical) "
                    + "VALUES (?, ?, ?) ON CONFLICT (schema_type, canonical) DO UPDATE SET canonical = EXCLUDED.canonical "
                    + "RETURNING id", Integer.class, type.name(), schemaText, canonical);
            jdbc.update("INSERT INTO subject_version (subject, version, schema_id) "
                    + "SELECT ?, COALESCE(MAX(version), 0) + 1, ? FROM subject_version WHERE subject = ? "
                    + "ON CONFLICT (subject, schema_id) DO NOTHING", subject, schemaId, subject);
            return schemaId;
        });
        registered.put(registration, id);
        return byId(id);
    }

    /** The schema registered under {@code id}; {@code 40801} when there is none. */
    public RegisteredSchema byId(int id) {
        RegisteredSchema known = byId.get(id);
        if (known == null && external != null) {
            // fetched outside the map's lock: the call may take as long as the registry does
            RegisteredSchema fetched = external.byId(id);
            known = Objects.requireNonNullElse(byId.putIfAbsent(id, fetched), fetched);
        } else if (known == null) {
            List<RegisteredSchema> found = jdbc.query("SELECT schema_type, schema_text FROM registered_schema "
                    + "WHERE id = ?", (row, n) -> new RegisteredSchema(id, SchemaType.valueOf(row.getString(1)),
                    row.getString(2)), id);
            if (found.isEmpty()) {
                throw RestProxyError.SCHEMA_LOOKUP_FAILED.exception("no schema is registered with id " + id);
            }
            known = byId.computeIfAbsent(id, unused -> found.get(0));
        }
        return known;
    }

    /** The versions registered under {@code subject}, oldest first. */
    public List<Integer> versions(String subject) {
        if (external != null) {
            return external.versions(subject);
        }
        return jdbc.queryForList("SELECT version FROM subject_version WHERE subject = ? ORDER BY version",
                Integer.class, subject);
    }

    private String canonical(SchemaType type, String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw RestProxyError.INVALID_SCHEMA.exception("the schema is empty");
        }
        return switch (type) {
            case AVRO -> {
                try {
                    yield SchemaNormalization.toParsingForm(new Schema.Parser().parse(schemaText));
                } catch (AvroRuntimeException | NullPointerException e) {
                    // Avro 1.12 answers an unknown type name with a NullPointerException
                    throw RestProxyError.INVALID_SCHEMA.exception(String.valueOf(e.getMessage()), e);
                }
            }
            case JSON -> {
                JsonNode schema;
                try {
                    schema = json.readTree(schemaText);
                } catch (JacksonException e) {
                    throw RestProxyError.INVALID_SCHEMA.exception("not JSON: " + e.getOriginalMessage(), e);
                }
                if (!schema.isObject() && !schema.isBoolean()) {
                    throw RestProxyError.INVALID_SCHEMA.exception("a JSON Schema is an object or a boolean");
                }
                JsonSchemaRecords.compile(schemaText);
                yield json.writeValueAsString(schema);
            }
            case PROTOBUF -> ProtobufSchemas.canonical(ProtobufSchemas.parse(schemaText));
        };
    }

    /** A schema with its registry id. */
    public record RegisteredSchema(int id, SchemaType type, String text) {

        /** This schema, when it is of {@code wanted} type; {@code 42205} when it is not. */
        public RegisteredSchema expect(SchemaType wanted) {
            if (type != wanted) {
                throw RestProxyError.INVALID_SCHEMA.exception("schema " + id + " is " + type + ", not " + wanted);
            }
            return this;
        }
    }
}
