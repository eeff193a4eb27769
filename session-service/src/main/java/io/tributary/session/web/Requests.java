package io.tributary.session.web;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.List;
import java.util.Map;

/** Request bodies of the Kyuubi REST API, with the field names of Kyuubi's REST client DTOs. */
final class Requests {

    private Requests() {
    }

    record SessionOpenRequest(Map<String, String> configs) {
    }

    record StatementRequest(String statement, Boolean runAsync, Long queryTimeout, Map<String, String> confOverlay) {
    }

    record GetSchemasRequest(String catalogName, String schemaName) {
    }

    /** {@code tableTypes} is a list in Kyuubi's client; older callers send one comma-separated string. */
    record GetTablesRequest(String catalogName, String schemaName, String tableName,
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> tableTypes) {
    }

    record GetColumnsRequest(String catalogName, String schemaName, String tableName, String columnName) {
    }

    record GetFunctionsRequest(String catalogName, String schemaName, String functionName) {
    }

    record GetPrimaryKeysRequest(String catalogName, String schemaName, String tableName) {
    }

    record GetCrossReferenceRequest(String primaryCatalog, String primarySchema, String primaryTable,
            String foreignCatalog, String foreignSchema, String foreignTable) {
    }

    record OpActionRequest(String action) {
    }
}
