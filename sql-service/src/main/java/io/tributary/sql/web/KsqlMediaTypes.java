package io.tributary.sql.web;

/** The media types ksqlDB's endpoints produce and accept. */
public final class KsqlMediaTypes {

    public static final String KSQL_V1_JSON = "application/vnd.ksql.v1+json";
    public static final String DELIMITED_V1 = "application/vnd.ksqlapi.delimited.v1";

    private KsqlMediaTypes() {
    }
}
