package io.tributary.sql.parser;

import io.tributary.sql.ast.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Reads ksqlDB SQL: splits a request's text into statements, substitutes {@code ${var}} variables and parses each
 * statement into the AST. Stateless and thread-safe.
 */
public final class SqlParser {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /**
     * The statements of a request's text, each as written (comments inside kept) and ending with {@code ;}
     * (added when the last one lacks it). Splitting follows the lexer, so a {@code ;} inside a string or a
     * quoted identifier does not end a statement.
     */
    public List<String> split(String sql) {
        KsqlDialectLexer lexer = new KsqlDialectLexer(CharStreams.fromString(sql));
        lexer.removeErrorListeners();
        List<String> statements = new ArrayList<>();
        int start = -1;
        for (Token token = lexer.nextToken(); token.getType() != Token.EOF; token = lexer.nextToken()) {
            if (token.getChannel() != Token.DEFAULT_CHANNEL) {
                continue;
            }
            if (token.getType() == KsqlDialectLexer.SEMICOLON) {
                if (start >= 0) {
                    statements.add(sql.substring(start, token.getStopIndex() + 1));
                }
                start = -1;
            } else if (start < 0) {
                start = token.getStartIndex();
            }
        }
        if (start >= 0) {
            statements.add(sql.substring(start).stripTrailing() + ";");
        }
        return statements;
    }

    /** Replaces each {@code ${name}} by its value; names are case-insensitive. An unknown variable is an error. */
    public String substitute(String statement, Map<String, String> variables) {
        Matcher matcher = VARIABLE.matcher(statement);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1).toUpperCase(Locale.ROOT);
            String value = variables.get(name);
            if (value == null) {
                throw new SqlParseException("Variable '" + matcher.group(1) + "' is not defined");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Parses one statement (a trailing {@code ;} is optional). */
    public Statement parse(String statement) {
        KsqlDialectLexer lexer = new KsqlDialectLexer(CharStreams.fromString(statement));
        lexer.removeErrorListeners();
        KsqlDialectParser parser = new KsqlDialectParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line,
                    int charPositionInLine, String msg, RecognitionException e) {
                String near = offendingSymbol instanceof Token token && token.getType() != Token.EOF
                        ? token.getText() : "<EOF>";
                throw new ParseCancellationException("line " + line + ":" + (charPositionInLine + 1)
                        + ": Syntax Error\n" + describe(msg, near));
            }
        });
        // two-stage parsing: the fast SLL mode first, full LL only for the statements that need it
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        KsqlDialectParser.SingleStatementContext tree;
        try {
            try {
                tree = parser.singleStatement();
            } catch (ParseCancellationException sllFailed) {
                parser.reset();
                lexer.reset();
                parser.setInputStream(new CommonTokenStream(lexer));
                parser.getInterpreter().setPredictionMode(PredictionMode.LL);
                tree = parser.singleStatement();
            }
            return new AstBuilder().statement(tree.statement());
        } catch (ParseCancellationException e) {
            throw new SqlParseException(e.getMessage());
        }
    }

    /** Splits, substitutes and parses every statement of a request's text, with no variables in play. */
    public List<ParsedStatement> parseAll(String sql) {
        List<ParsedStatement> parsed = new ArrayList<>();
        for (String text : split(sql)) {
            parsed.add(new ParsedStatement(text, parse(text)));
        }
        return parsed;
    }

    private static String describe(String antlrMessage, String near) {
        if (antlrMessage.startsWith("mismatched input") || antlrMessage.startsWith("extraneous input")) {
            return antlrMessage;
        }
        if (antlrMessage.startsWith("no viable alternative")) {
            return "Syntax error at or near '" + near + "'";
        }
        return antlrMessage;
    }
}
