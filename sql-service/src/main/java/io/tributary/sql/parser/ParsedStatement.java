package io.tributary.sql.parser;

import io.tributary.sql.ast.Statement;

/** A statement and its text as the client wrote it (after variable substitution), ending with {@code ;}. */
public record ParsedStatement(String text, Statement statement) {
}
