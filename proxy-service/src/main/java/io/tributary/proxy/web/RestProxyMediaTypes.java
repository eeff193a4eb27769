package io.tributary.proxy.web;

/** The media types REST Proxy v2 speaks, most specific first (the first is the default answer). */
public final class RestProxyMediaTypes {

    public static final String V2_JSON = "application/vnd.kafka.v2+json";
    public static final String KAFKA_JSON = "application/vnd.kafka+json";
    public static final String JSON = "application/json";

    public static final String BINARY_V2 = "application/vnd.kafka.binary.v2+json";
    public static final String JSON_V2 = "application/vnd.kafka.json.v2+json";
    public static final String AVRO_V2 = "application/vnd.kafka.avro.v2+json";
    public static final String JSONSCHEMA_V2 = "application/vnd.kafka.jsonschema.v2+json";
    public static final String PROTOBUF_V2 = "application/vnd.kafka.protobuf.v2+json";

    /** What metadata and consumer-management answers are written as; the embedded types are accepted too. */
    public static final String[] RESPONSES = {V2_JSON, KAFKA_JSON, JSON, BINARY_V2, JSON_V2, AVRO_V2, JSONSCHEMA_V2,
            PROTOBUF_V2};

    /** What consumer-management requests may be sent as (the real proxy takes any v2 type there). */
    public static final String[] REQUESTS = {V2_JSON, KAFKA_JSON, JSON, BINARY_V2, JSON_V2, AVRO_V2, JSONSCHEMA_V2,
            PROTOBUF_V2};

    private RestProxyMediaTypes() {
    }
}
