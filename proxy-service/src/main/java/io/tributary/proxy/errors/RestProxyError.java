package io.tributary.proxy.errors;

/**
 * Every error REST Proxy v2 answers with, in one catalogue: the HTTP status, the {@code error_code} and the
 * message as Confluent's proxy words them (its {@code io.confluent.kafkarest.Errors}). Messages that end in
 * {@code ": "} take a detail after them, as the real proxy's do.
 */
public enum RestProxyError {

    TOPIC_NOT_FOUND(404, 40401, "Topic not found."),
    PARTITION_NOT_FOUND(404, 40402, "Partition not found."),
    CONSUMER_INSTANCE_NOT_FOUND(404, 40403, "Consumer instance not found."),
    LEADER_NOT_AVAILABLE(404, 40404, "Leader not available."),
    CONSUMER_FORMAT_MISMATCH(406, 40601,
            "The requested embedded data format does not match the deserializer for this consumer instance"),
    SCHEMA_LOOKUP_FAILED(408, 40801, "Schema registration or lookup failed: "),
    CONSUMER_ALREADY_SUBSCRIBED(409, 40901,
            "Consumer cannot subscribe the the specified target because it has already subscribed to other topics."),
    CONSUMER_ALREADY_EXISTS(409, 40902,
            "Consumer with specified consumer ID already exists in the specified consumer group."),
    ILLEGAL_STATE(409, 40903, "Illegal state: "),
    /** More records in one produce request than {@code tributary.proxy.producer.max-records} allows. */
    PRODUCE_REQUEST_TOO_LARGE(413, 413, "Produce request size is larger than allowed threshold: "),
    KEY_SCHEMA_MISSING(422, 42201, "Request includes keys but does not include key schema"),
    VALUE_SCHEMA_MISSING(422, 42202, "Request includes values but does not include value schema"),
    JSON_AVRO_CONVERSION(422, 42203, "Conversion of JSON to Avro failed: "),
    JSON_CONVERSION(422, 42203, "Conversion of JSON to Object failed: "),
    INVALID_CONSUMER_CONFIG(422, 42204, "Invalid consumer configuration: "),
    INVALID_SCHEMA(422, 42205, "Invalid schema: "),
    /**
     * Input that parses as JSON but cannot be used (a record that is not base64 in a binary request, a field of
     * the wrong shape). Confluent's proxy answers such constraint violations 422 with the status as the code;
     * for bad base64 it answers 408/40801 (a known FIXME in its exception mapper), which we do not copy.
     */
    UNPROCESSABLE_ENTITY(422, 422, ""),
    KAFKA_ERROR(500, 50002, "Kafka error: "),
    KAFKA_RETRIABLE_ERROR(500, 50003, "Retriable Kafka error: ");

    private final int status;
    private final int code;
    private final String message;

    RestProxyError(int status, int code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
    }

    public int status() {
        return status;
    }

    public int code() {
        return code;
    }

    public String message() {
        return message;
    }

    public RestProxyException exception() {
        return new RestProxyException(this, message, null);
    }

    public RestProxyException exception(String detail) {
        return new RestProxyException(this, message + detail, null);
    }

    public RestProxyException exception(String detail, Throwable cause) {
        return new RestProxyException(this, message + detail, cause);
    }
}
