package io.tributary.infra.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a psql-style SQL script over JDBC, so that the script docker-compose hands to {@code postgres:17}'s
 * {@code /docker-entrypoint-initdb.d} (run there by psql) is the same one the local launcher runs.
 *
 * <p>The subset of psql understood: statements ending in {@code ;} (single, double and dollar quoting and
 * {@code --} and {@code /* *}{@code /} comments respected), {@code \connect <db>} (or {@code \c <db>}) between
 * statements, and a query ending in {@code \gexec}, whose every non-null result cell is executed as a
 * statement. Anything else after a backslash is an error, so the two runners cannot silently diverge.
 */
public final class PgInitScript {

    /** Opens a connection to the named database as the superuser. */
    @FunctionalInterface
    public interface Connector {
        Connection connect(String database) throws SQLException;
    }

    /** The script shared with docker-compose, on infra's classpath (see infra/pom.xml resources). */
    public static final String CLASSPATH_LOCATION = "tributary/postgres-init/01-tributary.sql";

    private final Connector connector;
    private Connection connection;
    private String database;
    private int executed;

    private PgInitScript(Connector connector, String initialDatabase) {
        this.connector = connector;
        this.database = initialDatabase;
    }

    public static String loadFromClasspath() throws IOException {
        try (InputStream in = PgInitScript.class.getClassLoader().getResourceAsStream(CLASSPATH_LOCATION)) {
            if (in == null) {
                throw new IOException("not on the classpath: " + CLASSPATH_LOCATION);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Runs {@code script}, starting in {@code initialDatabase}; returns the number of statements executed. */
    public static int run(String script, Connector connector, String initialDatabase) throws SQLException {
        PgInitScript runner = new PgInitScript(connector, initialDatabase);
        try {
            for (Command c : parse(script)) {
                runner.apply(c);
            }
            return runner.executed;
        } finally {
            runner.closeConnection();
        }
    }

    // ------------------------------------------------------------------------------------------ execution

    private void apply(Command c) throws SQLException {
        switch (c.kind) {
            case CONNECT -> {
                closeConnection();
                database = c.text;
            }
            case STATEMENT -> execute(c.text);
            case GEXEC -> {
                List<String> generated = new ArrayList<>();
                try (Statement st = connection().createStatement(); ResultSet rs = st.executeQuery(c.text)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            String cell = rs.getString(i);
                            if (cell != null) {
                                generated.add(cell);
                            }
                        }
                    }
                }
                for (String sql : generated) {
                    execute(sql);
                }
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement st = connection().createStatement()) {
            st.execute(sql);
            executed++;
        } catch (SQLException e) {
            throw new SQLException("in database " + database + ", statement failed: " + sql + "\n" + e.getMessage(),
                    e.getSQLState(), e);
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = connector.connect(database);
            connection.setAutoCommit(true); // CREATE DATABASE cannot run inside a transaction block
        }
        return connection;
    }

    private void closeConnection() throws SQLException {
        if (connection != null) {
            try {
                connection.close();
            } finally {
                connection = null;
            }
        }
    }

    // ------------------------------------------------------------------------------------------ parsing

    public enum Kind { STATEMENT, GEXEC, CONNECT }

    public record Command(Kind kind, String text) { }

    /** Splits a script into statements, {@code \gexec} queries and {@code \connect} switches. */
    public static List<Command> parse(String script) {
        List<Command> out = new ArrayList<>();
        StringBuilder buf = new StringBuilder();
        int n = script.length();
        int i = 0;
        while (i < n) {
            char ch = script.charAt(i);
            if (ch == '-' && i + 1 < n && script.charAt(i + 1) == '-') {           // line comment
                int eol = script.indexOf('\n', i);
                i = eol < 0 ? n : eol;
            } else if (ch == '/' && i + 1 < n && script.charAt(i + 1) == '*') {    // block comment
                int end = script.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated /* comment");
                }
                i = end + 2;
                buf.append(' ');
            } else if (ch == '\'' || ch == '"') {                                   // quoted literal / identifier
                int end = i + 1;
                while (true) {
                    if (end >= n) {
                        throw new IllegalArgumentException("unterminated " + ch + " quote");
                    }
                    if (script.charAt(end) == ch) {
                        if (end + 1 < n && script.charAt(end + 1) == ch) {
                            end += 2; // doubled quote inside
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                buf.append(script, i, end + 1);
                i = end + 1;
            } else if (ch == '$' && dollarTag(script, i) != null) {                 // $tag$ ... $tag$
                String tag = dollarTag(script, i);
                int end = script.indexOf(tag, i + tag.length());
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated dollar quote " + tag);
                }
                buf.append(script, i, end + tag.length());
                i = end + tag.length();
            } else if (ch == ';') {
                addStatement(out, buf);
                i++;
            } else if (ch == '\\') {                                                // psql meta-command
                int eol = script.indexOf('\n', i);
                String line = script.substring(i + 1, eol < 0 ? n : eol).trim();
                String[] words = line.split("\\s+");
                switch (words[0]) {
                    case "gexec" -> {
                        if (buf.toString().isBlank()) {
                            throw new IllegalArgumentException("\\gexec without a query");
                        }
                        out.add(new Command(Kind.GEXEC, buf.toString().trim()));
                        buf.setLength(0);
                    }
                    case "connect", "c" -> {
                        if (!buf.toString().isBlank()) {
                            throw new IllegalArgumentException("\\connect after an unterminated statement: " + buf);
                        }
                        if (words.length != 2) {
                            throw new IllegalArgumentException("expected \\connect <database>, got \\" + line);
                        }
                        out.add(new Command(Kind.CONNECT, words[1]));
                    }
                    default -> throw new IllegalArgumentException("unsupported psql meta-command: \\" + line);
                }
                i = eol < 0 ? n : eol;
            } else {
                buf.append(ch);
                i++;
            }
        }
        if (!buf.toString().isBlank()) {
            throw new IllegalArgumentException("statement without a terminating ';': " + buf.toString().trim());
        }
        return out;
    }

    private static void addStatement(List<Command> out, StringBuilder buf) {
        String sql = buf.toString().trim();
        if (!sql.isEmpty()) {
            out.add(new Command(Kind.STATEMENT, sql));
        }
        buf.setLength(0);
    }

    /** The dollar-quote tag starting at {@code i} ({@code $$} or {@code $name$}), or null. */
    private static String dollarTag(String s, int i) {
        if (i > 0 && (Character.isLetterOrDigit(s.charAt(i - 1)) || s.charAt(i - 1) == '_')) {
            return null; // part of an identifier such as a$b
        }
        int j = i + 1;
        while (j < s.length() && (Character.isLetter(s.charAt(j)) || s.charAt(j) == '_'
                || (j > i + 1 && Character.isDigit(s.charAt(j))))) {
            j++;
        }
        return j < s.length() && s.charAt(j) == '$' ? s.substring(i, j + 1) : null;
    }
}
