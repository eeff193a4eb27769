package io.tributary.session.web;

/** Small response bodies of the Kyuubi REST API that belong to no engine type. */
final class Responses {

    private Responses() {
    }

    /** What statement and metadata operations answer. */
    record OperationHandle(String identifier) {
    }

    record SessionOpenCount(int openSessionCount) {
    }
}
