package io.tributary.session.support;

import java.util.List;
import java.util.Map;

/**
 * What a client of Kyuubi's REST API reads and sends, with exactly the field names of {@code kyuubi-rest-client}'s
 * DTOs (its code is not available here): the tests talk plain HTTP through these records.
 */
public final class KyuubiDtos {

    private KyuubiDtos() {
    }

    public record SessionHandle(String identifier, String kyuubiInstance) {
    }

    public record SessionOpenRequest(Map<String, String> configs) {
    }

    public record SessionData(String identifier, String remoteId, String user, String ipAddr, Map<String, String> conf,
            Long createTime, Long duration, Long idleTime, String exception, String sessionType,
            String kyuubiInstance, String engineId, String engineName, String engineUrl, String sessionName,
            Integer totalOperations) {
    }

    public record ExceptionInfo(String message) {
    }

    public record KyuubiSessionEvent(String sessionId, int clientVersion, String sessionType, String sessionName,
            String remoteSessionId, String engineId, String engineName, String engineUrl, String user,
            String clientIp, String serverIp, Map<String, String> conf, Map<String, String> optimizedConf,
            long eventTime, long openedTime, long startTime, long endTime, int totalOperations,
            ExceptionInfo exception) {
    }

    public record InfoDetail(String infoType, String infoValue) {
    }

    public record SessionOpenCount(int openSessionCount) {
    }

    public record ExecPoolStatistic(int execPoolSize, int execPoolActiveCount) {
    }

    public record StatementRequest(String statement, boolean runAsync, Long queryTimeout,
            Map<String, String> confOverlay) {
    }

    public record OperationHandle(String identifier) {
    }

    public record OpActionRequest(String action) {
    }

    public record KyuubiOperationEvent(String statementId, String remoteId, String statement, boolean shouldRunAsync,
            String state, long eventTime, long createTime, long startTime, long completeTime,
            ExceptionInfo exception, String sessionId, String sessionUser, String sessionType,
            String kyuubiInstance, Map<String, String> metrics) {
    }

    public record OperationData(String identifier, String remoteId, String statement, String state, Long createTime,
            Long startTime, Long completeTime, String exception, String sessionId, String sessionUser,
            String sessionType, String kyuubiInstance, Map<String, String> metrics) {
    }

    public record ColumnDesc(String columnName, String dataType, int columnIndex, int precision, int scale,
            String comment) {
    }

    public record ResultSetMetaData(List<ColumnDesc> columns) {
    }

    public record Field(String dataType, Object value) {
    }

    public record Row(List<Field> fields) {
    }

    public record ResultRowSet(List<Row> rows, int rowCount) {
    }

    public record OperationLog(List<String> logRowSet, int rowCount) {
    }

    public record GetTablesRequest(String catalogName, String schemaName, String tableName, List<String> tableTypes) {
    }

    public record GetColumnsRequest(String catalogName, String schemaName, String tableName, String columnName) {
    }

    public record GetSchemasRequest(String catalogName, String schemaName) {
    }

    public record GetFunctionsRequest(String catalogName, String schemaName, String functionName) {
    }

    public record GetPrimaryKeysRequest(String catalogName, String schemaName, String tableName) {
    }

    public record GetCrossReferenceRequest(String primaryCatalog, String primarySchema, String primaryTable,
            String foreignCatalog, String foreignSchema, String foreignTable) {
    }

    public record Envelope(int error_code, String message) {
    }

    public record ServerData(String nodeName, String namespace, String instance, String host, int port,
            Map<String, String> attributes, String status) {
    }

    public record BatchRequest(String batchType, String resource, String className, String name,
            Map<String, String> conf, List<String> args) {
    }

    public record Batch(String id, String user, String batchType, String name, long appStartTime, String appId,
            String appUrl, String appState, String appDiagnostic, String kyuubiInstance, String state,
            long createTime, long endTime, Map<String, String> batchInfo) {
    }

    public record GetBatchesResponse(int from, int total, List<Batch> batches) {
    }

    public record CloseBatchResponse(boolean success, String msg) {
    }

    public record Count(int count) {
    }

    public record Engine(String version, String user, String engineType, String sharelevel, String subdomain,
            String instance, String namespace, Map<String, String> attributes) {
    }
}
