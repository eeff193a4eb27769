package io.tributary.sql.entity;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The outcome of a command; {@code queryId} names the persistent query it started, if any. */
@JsonPropertyOrder({"status", "message", "queryId"})
public record CommandStatus(String status, String message, String queryId) {

    public static CommandStatus success(String message) {
        return new CommandStatus("SUCCESS", message, null);
    }
}
