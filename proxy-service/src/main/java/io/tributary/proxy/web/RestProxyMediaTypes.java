package io.tributary.proxy.web;

/** The media types REST Proxy v2 answers with, most specific first (the first is the default). */
public final class RestProxyMediaTypes {

    public static final String V2_JSON = "application/vnd.kafka.v2+json";
    public static final String KAFKA_JSON = "application/vnd.kafka+json";
    public static final String JSON = "application/json";

    private RestProxyMediaTypes() {
    }
}
