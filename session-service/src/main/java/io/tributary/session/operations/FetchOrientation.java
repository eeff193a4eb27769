package io.tributary.session.operations;

/** Where a fetch starts. Kyuubi serves the first three; the others are refused. */
public enum FetchOrientation {
    FETCH_NEXT,
    FETCH_PRIOR,
    FETCH_FIRST,
    FETCH_RELATIVE,
    FETCH_ABSOLUTE,
    FETCH_LAST
}
