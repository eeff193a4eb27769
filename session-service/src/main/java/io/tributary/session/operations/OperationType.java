package io.tributary.session.operations;

/** What an operation does: a statement, or one {@link java.sql.DatabaseMetaData} call. */
public enum OperationType {
    EXECUTE_STATEMENT,
    GET_TYPE_INFO,
    GET_CATALOGS,
    GET_SCHEMAS,
    GET_TABLES,
    GET_TABLE_TYPES,
    GET_COLUMNS,
    GET_FUNCTIONS,
    GET_PRIMARY_KEYS,
    GET_CROSS_REFERENCE
}
