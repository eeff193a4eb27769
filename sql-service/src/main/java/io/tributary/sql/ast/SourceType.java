package io.tributary.sql.ast;

/** What a named source is: an unbounded stream of events or a changelog table. */
public enum SourceType { STREAM, TABLE }
