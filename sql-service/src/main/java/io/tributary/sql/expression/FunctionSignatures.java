package io.tributary.sql.expression;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The signatures of the built-in functions, as {@code DESCRIBE FUNCTION} shows them. Each variant is written
 * {@code RETURN(name TYPE, name TYPE...)}; a trailing {@code ...} makes the last parameter variadic. {@code T} is
 * any type (all the {@code T}s of one variant being the same).
 */
public final class FunctionSignatures {

    /** One parameter of a variant. */
    public record Parameter(String name, String type, boolean variadic) {
    }

    /** One variant of a function: its parameters and its result type. */
    public record Variant(List<Parameter> parameters, String returnType) {
    }

    private static final Map<String, String> TABLE = new TreeMap<>();

    static {
        table("UCASE", "STRING(input STRING)");
        table("LCASE", "STRING(input STRING)");
        table("LEN", "INTEGER(input STRING)", "INTEGER(input BYTES)");
        table("TRIM", "STRING(input STRING)");
        table("LTRIM", "STRING(input STRING)");
        table("RTRIM", "STRING(input STRING)");
        table("REPLACE", "STRING(input STRING, old STRING, new STRING)");
        table("INITCAP", "STRING(input STRING)");
        table("SUBSTRING", "STRING(str STRING, pos INTEGER)", "STRING(str STRING, pos INTEGER, length INTEGER)",
                "BYTES(bytes BYTES, pos INTEGER)", "BYTES(bytes BYTES, pos INTEGER, length INTEGER)");
        table("TO_BYTES", "BYTES(input STRING, encoding STRING)");
        table("FROM_BYTES", "STRING(bytes BYTES, encoding STRING)");
        table("PARSE_DATE", "DATE(formattedDate STRING, formatPattern STRING)");
        table("FORMAT_DATE", "STRING(date DATE, formatPattern STRING)");
        table("INSTR", "INTEGER(str STRING, substring STRING)",
                "INTEGER(str STRING, substring STRING, position INTEGER)",
                "INTEGER(str STRING, substring STRING, position INTEGER, occurrence INTEGER)");
        table("LPAD", "STRING(input STRING, length INTEGER, padding STRING)");
        table("RPAD", "STRING(input STRING, length INTEGER, padding STRING)");
        table("CONCAT", "STRING(inputs STRING...)");
        table("CONCAT_WS", "STRING(separator STRING, inputs STRING...)", "BYTES(separator BYTES, inputs BYTES...)");
        table("REGEXP_REPLACE", "STRING(input STRING, regex STRING, replacement STRING)");
        table("REGEXP_SPLIT_TO_ARRAY", "ARRAY<STRING>(input STRING, regex STRING)");
        table("REGEXP_EXTRACT", "STRING(pattern STRING, input STRING)",
                "STRING(pattern STRING, input STRING, group INTEGER)");
        table("SPLIT", "ARRAY<STRING>(string STRING, delimiter STRING)",
                "ARRAY<BYTES>(bytes BYTES, delimiter BYTES)");
        for (String name : List.of("ABS", "CEIL", "FLOOR")) {
            table(name, "INTEGER(val INTEGER)", "BIGINT(val BIGINT)", "DOUBLE(val DOUBLE)", "DECIMAL(val DECIMAL)");
        }
        table("SIGN", "INTEGER(val INTEGER)", "INTEGER(val BIGINT)", "INTEGER(val DOUBLE)", "INTEGER(val DECIMAL)");
        table("ROUND", "BIGINT(val INTEGER)", "BIGINT(val BIGINT)", "BIGINT(val DOUBLE)", "DECIMAL(val DECIMAL)",
                "DOUBLE(val DOUBLE, decimalPlaces INTEGER)", "DECIMAL(val DECIMAL, decimalPlaces INTEGER)");
        for (String name : List.of("SQRT", "CBRT", "ACOS", "ASIN", "ATAN", "COS", "SIN", "TAN", "COT", "COSH",
                "SINH", "TANH", "DEGREES", "RADIANS", "EXP", "LN")) {
            table(name, "DOUBLE(value DOUBLE)");
        }
        table("ATAN2", "DOUBLE(y DOUBLE, x DOUBLE)");
        table("PI", "DOUBLE()");
        table("LOG", "DOUBLE(value DOUBLE)", "DOUBLE(base DOUBLE, value DOUBLE)");
        table("TRUNC", "BIGINT(val BIGINT)", "BIGINT(val DOUBLE)", "DECIMAL(val DECIMAL)",
                "DOUBLE(val DOUBLE, decimalPlaces INTEGER)", "DECIMAL(val DECIMAL, decimalPlaces INTEGER)");
        table("POWER", "DOUBLE(base DOUBLE, exponent DOUBLE)");
        table("RANDOM", "DOUBLE()");
        table("GREATEST", "T(val T, vals T...)");
        table("LEAST", "T(val T, vals T...)");
        table("COALESCE", "T(first T, others T...)");
        table("IFNULL", "T(expression T, altValue T)");
        table("NULLIF", "T(expr1 T, expr2 T)");
        table("ARRAY_LENGTH", "INTEGER(array ARRAY<T>)");
        table("ARRAY_CONTAINS", "BOOLEAN(array ARRAY<T>, val T)");
        table("AS_VALUE", "T(source T)");
        table("TRANSFORM", "ARRAY<B>(array ARRAY<A>, function LAMBDA (A) => B)",
                "MAP<C, D>(map MAP<A, B>, keyFunction LAMBDA (A, B) => C, valueFunction LAMBDA (A, B) => D)");
        table("FILTER", "ARRAY<A>(array ARRAY<A>, function LAMBDA (A) => BOOLEAN)",
                "MAP<A, B>(map MAP<A, B>, function LAMBDA (A, B) => BOOLEAN)");
        table("REDUCE", "S(array ARRAY<A>, initialState S, function LAMBDA (S, A) => S)",
                "S(map MAP<A, B>, initialState S, function LAMBDA (S, A, B) => S)");
    }

    private FunctionSignatures() {
    }

    private static void table(String name, String... variants) {
        TABLE.put(name, String.join(";", variants));
    }

    /** The variants of a function, by its (case-insensitive) name; empty when its signatures are not known. */
    public static List<Variant> of(String name) {
        String spec = TABLE.get(name.toUpperCase(Locale.ROOT));
        if (spec == null) {
            return List.of();
        }
        List<Variant> variants = new ArrayList<>();
        for (String variant : spec.split(";")) {
            int open = variant.indexOf('(');
            String returnType = variant.substring(0, open);
            String params = variant.substring(open + 1, variant.lastIndexOf(')')).trim();
            List<Parameter> parameters = new ArrayList<>();
            if (!params.isEmpty()) {
                for (String param : topLevel(params)) {
                    String[] parts = param.trim().split(" ", 2);
                    boolean variadic = parts[1].endsWith("...");
                    String type = variadic ? parts[1].substring(0, parts[1].length() - 3) : parts[1];
                    parameters.add(new Parameter(parts[0], type, variadic));
                }
            }
            variants.add(new Variant(List.copyOf(parameters), returnType));
        }
        return List.copyOf(variants);
    }

    /** The parameters of a variant: split at the commas outside {@code <>} and {@code ()}. */
    private static List<String> topLevel(String params) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < params.length(); i++) {
            char c = params.charAt(i);
            if (c == '<' || c == '(') {
                depth++;
            } else if ((c == '>' && params.charAt(i - 1) != '=') || c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(params.substring(start, i).trim());
                start = i + 1;
            }
        }
        parts.add(params.substring(start).trim());
        return parts;
    }
}
