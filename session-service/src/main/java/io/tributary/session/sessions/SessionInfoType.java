package io.tributary.session.sessions;

import io.tributary.session.errors.KyuubiException;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Arrays;

/** The Hive {@code TGetInfoType}s a session answers, by their Thrift ids. */
enum SessionInfoType {
    CLI_SERVER_NAME(13) {
        @Override
        String value(DatabaseMetaData meta) throws SQLException {
            return meta.getDatabaseProductName();
        }
    },
    CLI_SEARCH_PATTERN_ESCAPE(14) {
        @Override
        String value(DatabaseMetaData meta) throws SQLException {
            return meta.getSearchStringEscape();
        }
    },
    CLI_DBMS_NAME(17) {
        @Override
        String value(DatabaseMetaData meta) throws SQLException {
            return meta.getDatabaseProductName();
        }
    },
    CLI_DBMS_VER(18) {
        @Override
        String value(DatabaseMetaData meta) throws SQLException {
            return meta.getDatabaseProductVersion();
        }
    },
    CLI_DATA_SOURCE_READ_ONLY(25) {
        @Override
        String value(DatabaseMetaData meta) throws SQLException {
            return meta.isReadOnly() ? "Y" : "N";
        }
    },
    CLI_IDENTIFIER_QUOTE_CHAR(29) {
        @Override
        String value(DatabaseMetaData meta) throws SQLException {
            return meta.getIdentifierQuoteString();
        }
    },
    CLI_MAX_COLUMN_NAME_LEN(30) {
        @Override
        String value(DatabaseMetaData meta) throws SQLException {
            return Integer.toString(meta.getMaxColumnNameLength());
        }
    },
    CLI_MAX_SCHEMA_NAME_LEN(32) {
        @Override
        String value(DatabaseMetaData meta) throws SQLException {
            return Integer.toString(meta.getMaxSchemaNameLength());
        }
    },
    CLI_MAX_TABLE_NAME_LEN(35) {
        @Override
        String value(DatabaseMetaData meta) throws SQLException {
            return Integer.toString(meta.getMaxTableNameLength());
        }
    },
    CLI_USER_NAME(47) {
        @Override
        String value(DatabaseMetaData meta) throws SQLException {
            return meta.getUserName();
        }
    };

    private final int id;

    SessionInfoType(int id) {
        this.id = id;
    }

    abstract String value(DatabaseMetaData meta) throws SQLException;

    /** Kyuubi answers 404 to an infoType that is not a known number. */
    static SessionInfoType of(String infoType) {
        int id;
        try {
            id = Integer.parseInt(infoType.trim());
        } catch (NumberFormatException e) {
            throw KyuubiException.notFound("Invalid infoType " + infoType + ": a TGetInfoType id is a number");
        }
        return Arrays.stream(values()).filter(t -> t.id == id).findFirst()
                .orElseThrow(() -> KyuubiException.notFound("Unrecognized GetInfoType value: " + id));
    }
}
