package io.tributary.sql.expression;

import io.tributary.sql.ast.SqlType;
import io.tributary.sql.ast.SqlType.BaseType;
import io.tributary.sql.format.SqlValues;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/** The built-in scalar functions: their names, categories, result types and implementations. */
public final class Functions {

    /** A function as {@code SHOW FUNCTIONS} lists it. */
    public record Info(String name, String category, String description) {
    }

    private interface Definition {
        TypedExpression compile(String name, List<TypedExpression> args);
    }

    private record Entry(Info info, Definition definition) {
    }

    private static final Map<String, Entry> FUNCTIONS = new TreeMap<>();

    static {
        // strings
        string("UCASE", "Converts a string to upper case.", 1, 1, SqlType.STRING,
                a -> a[0].toString().toUpperCase(Locale.ROOT));
        string("LCASE", "Converts a string to lower case.", 1, 1, SqlType.STRING,
                a -> a[0].toString().toLowerCase(Locale.ROOT));
        string("LEN", "The length of a string (or of BYTES).", 1, 1, SqlType.INTEGER,
                a -> a[0] instanceof byte[] b ? b.length : a[0].toString().length());
        string("TRIM", "Removes leading and trailing whitespace.", 1, 1, SqlType.STRING, a -> a[0].toString().trim());
        string("LTRIM", "Removes leading whitespace.", 1, 1, SqlType.STRING,
                a -> a[0].toString().replaceAll("^\\s+", ""));
        string("RTRIM", "Removes trailing whitespace.", 1, 1, SqlType.STRING,
                a -> a[0].toString().replaceAll("\\s+$", ""));
        string("REPLACE", "Replaces each occurrence of a substring.", 3, 3, SqlType.STRING,
                a -> a[0].toString().replace(a[1].toString(), a[2].toString()));
        string("INITCAP", "Capitalizes the first letter of each word.", 1, 1, SqlType.STRING,
                a -> initcap(a[0].toString()));
        register("SUBSTRING", "STRING", "The part of a string (or BYTES) from a 1-based position, optionally of"
                + " a length.", (name, args) -> {
                    checkArity(name, args, 2, 3);
                    SqlType type = bytes(args.get(0)) ? SqlType.BYTES : SqlType.STRING;
                    return strict(type, args, a -> {
                        if (a[0] instanceof byte[] b) {
                            String latin = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
                            a[0] = latin;
                            return ((String) substring(a)).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                        }
                        return substring(a);
                    });
                });
        register("TO_BYTES", "STRING", "Encodes a string as BYTES: 'hex', 'utf8', 'ascii' or 'base64'.",
                (name, args) -> {
                    checkArity(name, args, 2, 2);
                    return strict(SqlType.BYTES, args, a -> encode(a[0].toString(), a[1].toString()));
                });
        register("FROM_BYTES", "STRING", "Decodes BYTES to a string: 'hex', 'utf8', 'ascii' or 'base64'.",
                (name, args) -> {
                    checkArity(name, args, 2, 2);
                    return strict(SqlType.STRING, args, a -> decode((byte[]) a[0], a[1].toString()));
                });
        register("PARSE_DATE", "DATE", "Parses a string into a DATE with a pattern.", (name, args) -> {
            checkArity(name, args, 2, 2);
            return strict(SqlType.DATE, args, a -> java.time.LocalDate.parse(a[0].toString(),
                    java.time.format.DateTimeFormatter.ofPattern(a[1].toString())));
        });
        register("FORMAT_DATE", "DATE", "Formats a DATE with a pattern.", (name, args) -> {
            checkArity(name, args, 2, 2);
            return strict(SqlType.STRING, args, a -> java.time.format.DateTimeFormatter.ofPattern(a[1].toString())
                    .format((java.time.LocalDate) a[0]));
        });
        register("TIMESTAMPTOSTRING", "DATE / TIME", "Formats epoch milliseconds (BIGINT) with a pattern, in UTC"
                + " or a given time zone.", (name, args) -> {
                    checkArity(name, args, 2, 3);
                    return strict(SqlType.STRING, args, a -> java.time.format.DateTimeFormatter.ofPattern(
                            a[1].toString()).withZone(a.length > 2 ? java.time.ZoneId.of(a[2].toString())
                            : java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(
                            ((Number) a[0]).longValue())));
                });
        string("INSTR", "The 1-based position of the n-th occurrence of a substring from a position, or 0.", 2, 4,
                SqlType.INTEGER, Functions::instr);
        string("LPAD", "Pads a string on the left to a length.", 3, 3, SqlType.STRING, a -> pad(a, true));
        string("RPAD", "Pads a string on the right to a length.", 3, 3, SqlType.STRING, a -> pad(a, false));
        register("CONCAT", "STRING", "Concatenates strings; NULL arguments are skipped.", (name, args) -> {
            checkArity(name, args, 1, Integer.MAX_VALUE);
            return new TypedExpression(SqlType.STRING, row -> {
                StringBuilder out = new StringBuilder();
                for (TypedExpression arg : args) {
                    Object v = arg.evaluator().evaluate(row);
                    if (v != null) {
                        out.append(SqlValues.toText(v));
                    }
                }
                return out.toString();
            });
        });
        register("CONCAT_WS", "STRING", "Concatenates strings (or BYTES) with a separator.", (name, args) -> {
            checkArity(name, args, 2, Integer.MAX_VALUE);
            boolean bytes = bytes(args.get(0));
            return new TypedExpression(bytes ? SqlType.BYTES : SqlType.STRING, row -> {
                Object separator = args.get(0).evaluator().evaluate(row);
                if (separator == null) {
                    return null;
                }
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                List<String> parts = new ArrayList<>();
                boolean first = true;
                for (TypedExpression arg : args.subList(1, args.size())) {
                    Object v = arg.evaluator().evaluate(row);
                    if (v == null) {
                        continue;
                    }
                    if (bytes) {
                        if (!first) {
                            out.writeBytes((byte[]) separator);
                        }
                        out.writeBytes((byte[]) v);
                    } else {
                        parts.add(SqlValues.toText(v));
                    }
                    first = false;
                }
                return bytes ? out.toByteArray() : String.join(separator.toString(), parts);
            });
        });
        register("REGEXP_REPLACE", "STRING", "Replaces every match of a regular expression.", (name, args) -> {
            checkArity(name, args, 3, 3);
            return strict(SqlType.STRING, args, a -> a[0].toString().replaceAll(a[1].toString(), a[2].toString()));
        });
        register("REGEXP_SPLIT_TO_ARRAY", "STRING", "Splits a string around matches of a regular expression.",
                (name, args) -> {
                    checkArity(name, args, 2, 2);
                    return strict(new SqlType.Array(SqlType.STRING), args,
                            a -> Arrays.asList(a[0].toString().split(a[1].toString(), -1)));
                });
        register("REGEXP_EXTRACT", "STRING", "The part of a string matching a regular expression (or one of its"
                + " groups).", (name, args) -> {
                    checkArity(name, args, 2, 3);
                    return strict(SqlType.STRING, args, a -> {
                        java.util.regex.Matcher m = java.util.regex.Pattern.compile(a[0].toString())
                                .matcher(a[1].toString());
                        return m.find() ? m.group(a.length > 2 ? ((Number) a[2]).intValue() : 0) : null;
                    });
                });
        register("SPLIT", "STRING", "Splits a string (or BYTES) by a delimiter into an array.", (name, args) -> {
            checkArity(name, args, 2, 2);
            boolean bytes = bytes(args.get(0));
            return strict(new SqlType.Array(bytes ? SqlType.BYTES : SqlType.STRING), args, a -> {
                java.nio.charset.Charset latin = java.nio.charset.StandardCharsets.ISO_8859_1;
                String text = bytes ? new String((byte[]) a[0], latin) : a[0].toString();
                String delimiter = bytes ? new String((byte[]) a[1], latin) : a[1].toString();
                List<String> parts = delimiter.isEmpty() && !text.isEmpty()
                        ? text.chars().mapToObj(c -> String.valueOf((char) c)).toList()
                        : Arrays.asList(text.split(java.util.regex.Pattern.quote(delimiter), -1));
                return bytes ? parts.stream().map(p -> (Object) p.getBytes(latin)).toList() : parts;
            });
        });

        // math
        register("ABS", "MATHEMATICAL", "The absolute value.", (name, args) -> numeric(name, args, 1,
                v -> v instanceof Integer i ? Math.abs(i) : v instanceof Long l ? Math.abs(l)
                        : v instanceof BigDecimal d ? d.abs() : Math.abs(((Number) v).doubleValue())));
        register("SIGN", "MATHEMATICAL", "The sign of a number: -1, 0 or 1.", (name, args) -> {
            checkArity(name, args, 1, 1);
            return strict(SqlType.INTEGER, args, a -> (int) Math.signum(((Number) a[0]).doubleValue()));
        });
        register("CEIL", "MATHEMATICAL", "Rounds up.", (name, args) -> numeric(name, args, 1,
                v -> v instanceof BigDecimal d ? d.setScale(0, RoundingMode.CEILING)
                        : v instanceof Double x ? Math.ceil(x) : v));
        register("FLOOR", "MATHEMATICAL", "Rounds down.", (name, args) -> numeric(name, args, 1,
                v -> v instanceof BigDecimal d ? d.setScale(0, RoundingMode.FLOOR)
                        : v instanceof Double x ? Math.floor(x) : v));
        register("ROUND", "MATHEMATICAL", "Rounds half up to a number of decimal places (default 0).",
                Functions::round);
        double1("SQRT", "The square root.", Math::sqrt);
        double1("CBRT", "The cube root.", Math::cbrt);
        double1("ACOS", "The inverse cosine, in radians.", Math::acos);
        double1("ASIN", "The inverse sine, in radians.", Math::asin);
        double1("ATAN", "The inverse tangent, in radians.", Math::atan);
        double1("COS", "The cosine of an angle in radians.", Math::cos);
        double1("SIN", "The sine of an angle in radians.", Math::sin);
        double1("TAN", "The tangent of an angle in radians.", Math::tan);
        double1("COT", "The cotangent of an angle in radians.", x -> 1.0 / Math.tan(x));
        double1("COSH", "The hyperbolic cosine.", Math::cosh);
        double1("SINH", "The hyperbolic sine.", Math::sinh);
        double1("TANH", "The hyperbolic tangent.", Math::tanh);
        double1("DEGREES", "Radians to degrees.", Math::toDegrees);
        double1("RADIANS", "Degrees to radians.", Math::toRadians);
        register("ATAN2", "MATHEMATICAL", "The angle of the point (x, y), in radians.", (name, args) -> {
            checkArity(name, args, 2, 2);
            return strict(SqlType.DOUBLE, args,
                    a -> Math.atan2(((Number) a[0]).doubleValue(), ((Number) a[1]).doubleValue()));
        });
        register("PI", "MATHEMATICAL", "The value of pi.", (name, args) -> {
            checkArity(name, args, 0, 0);
            return new TypedExpression(SqlType.DOUBLE, row -> Math.PI);
        });
        register("LOG", "MATHEMATICAL", "The natural logarithm of a number, or its logarithm in a given base"
                + " (LOG(base, value)).", (name, args) -> {
                    checkArity(name, args, 1, 2);
                    return strict(SqlType.DOUBLE, args, a -> {
                        if (a.length == 1) {
                            return Math.log(((Number) a[0]).doubleValue());
                        }
                        double base = ((Number) a[0]).doubleValue();
                        double value = ((Number) a[1]).doubleValue();
                        if (base <= 0 || base == 1) {
                            return Double.NaN;
                        }
                        return Math.log(value) / Math.log(base);
                    });
                });
        register("TRUNC", "MATHEMATICAL", "Truncates towards zero to a number of decimal places (default 0).",
                Functions::trunc);
        double1("EXP", "e raised to a power.", Math::exp);
        double1("LN", "The natural logarithm.", Math::log);
        register("POWER", "MATHEMATICAL", "A number raised to a power.", (name, args) -> {
            checkArity(name, args, 2, 2);
            return strict(SqlType.DOUBLE, args,
                    a -> Math.pow(((Number) a[0]).doubleValue(), ((Number) a[1]).doubleValue()));
        });
        register("RANDOM", "MATHEMATICAL", "A random DOUBLE between 0 and 1.", (name, args) -> {
            checkArity(name, args, 0, 0);
            return new TypedExpression(SqlType.DOUBLE, row -> Math.random());
        });
        register("GREATEST", "MATHEMATICAL", "The greatest of its arguments, ignoring NULLs.",
                (name, args) -> extreme(name, args, 1));
        register("LEAST", "MATHEMATICAL", "The least of its arguments, ignoring NULLs.",
                (name, args) -> extreme(name, args, -1));

        // nulls
        register("COALESCE", "OTHER", "The first non-NULL argument.", (name, args) -> {
            checkArity(name, args, 1, Integer.MAX_VALUE);
            SqlType type = args.stream().map(TypedExpression::type).filter(Objects::nonNull).findFirst().orElse(null);
            return new TypedExpression(type, row -> {
                for (TypedExpression arg : args) {
                    Object v = arg.evaluator().evaluate(row);
                    if (v != null) {
                        return v;
                    }
                }
                return null;
            });
        });
        register("IFNULL", "OTHER", "The first argument, or the second when it is NULL.", (name, args) -> {
            checkArity(name, args, 2, 2);
            return new TypedExpression(args.get(0).type() != null ? args.get(0).type() : args.get(1).type(), row -> {
                Object v = args.get(0).evaluator().evaluate(row);
                return v != null ? v : args.get(1).evaluator().evaluate(row);
            });
        });
        register("NULLIF", "OTHER", "NULL when both arguments are equal, else the first.", (name, args) -> {
            checkArity(name, args, 2, 2);
            return new TypedExpression(args.get(0).type(), row -> {
                Object a = args.get(0).evaluator().evaluate(row);
                Object b = args.get(1).evaluator().evaluate(row);
                return a != null && b != null && Comparisons.compare(a, b) == 0 ? null : a;
            });
        });

        // collections and keys
        register("ARRAY_LENGTH", "ARRAY", "The number of elements of an array.", (name, args) -> {
            checkArity(name, args, 1, 1);
            return strict(SqlType.INTEGER, args, a -> ((List<?>) a[0]).size());
        });
        register("ARRAY_CONTAINS", "ARRAY", "Whether an array holds a value.", (name, args) -> {
            checkArity(name, args, 2, 2);
            return new TypedExpression(SqlType.BOOLEAN, row -> {
                Object list = args.get(0).evaluator().evaluate(row);
                Object value = args.get(1).evaluator().evaluate(row);
                if (!(list instanceof List<?> items)) {
                    return false;
                }
                return items.stream().anyMatch(i -> i == null ? value == null
                        : value != null && Comparisons.compare(i, value) == 0);
            });
        });
        // compiled by ExpressionCompiler, which gives their lambdas a scope; listed here for SHOW FUNCTIONS
        for (String[] lambda : new String[][] {
                {"TRANSFORM", "Applies a lambda to each element of an array, or to each key and each value of a map."},
                {"FILTER", "Keeps the elements of an array, or the entries of a map, for which a lambda is true."},
                {"REDUCE", "Folds an array or a map into one value, from an initial state, with a lambda."}}) {
            register(lambda[0], "LAMBDA", lambda[1], (name, args) -> {
                throw new ExpressionException("Function '" + name + "' needs a lambda function argument.");
            });
        }
        register("AS_VALUE", "OTHER", "Copies a key column into the value.", (name, args) -> {
            checkArity(name, args, 1, 1);
            return args.get(0);
        });
    }

    private Functions() {
    }

    /** Every function, by name. */
    public static List<Info> all() {
        return FUNCTIONS.values().stream().map(Entry::info).toList();
    }

    public static Info info(String name) {
        Entry entry = FUNCTIONS.get(name.toUpperCase(Locale.ROOT));
        return entry == null ? null : entry.info();
    }

    static TypedExpression compile(String name, List<TypedExpression> args, boolean star) {
        Entry entry = FUNCTIONS.get(name);
        if (entry == null || star) {
            throw new ExpressionException("Can't find any functions with the name '" + name + "'");
        }
        return entry.definition().compile(name, args);
    }

    private static void register(String name, String category, String description, Definition definition) {
        FUNCTIONS.put(name, new Entry(new Info(name, category, description), definition));
    }

    private static void string(String name, String description, int min, int max, SqlType result,
            Function<Object[], Object> body) {
        register(name, "STRING", description, (n, args) -> {
            checkArity(n, args, min, max);
            return strict(result, args, body);
        });
    }

    private static void double1(String name, String description, java.util.function.DoubleUnaryOperator op) {
        register(name, "MATHEMATICAL", description, (n, args) -> {
            checkArity(n, args, 1, 1);
            return strict(SqlType.DOUBLE, args, a -> op.applyAsDouble(((Number) a[0]).doubleValue()));
        });
    }

    /**
     * NULL when any argument is NULL, else the body's result. A function that fails on its input (a date that does
     * not parse) yields NULL, as a failing ksqlDB function does; the row itself is kept.
     */
    private static TypedExpression strict(SqlType type, List<TypedExpression> args, Function<Object[], Object> body) {
        return new TypedExpression(type, row -> {
            Object[] values = new Object[args.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = args.get(i).evaluator().evaluate(row);
                if (values[i] == null) {
                    return null;
                }
            }
            try {
                return body.apply(values);
            } catch (RuntimeException e) {
                return null;
            }
        });
    }

    private static TypedExpression numeric(String name, List<TypedExpression> args, int arity,
            Function<Object, Object> body) {
        checkArity(name, args, arity, arity);
        SqlType type = args.get(0).type();
        if (type != null && !type.isNumeric()) {
            throw new ExpressionException("Function '" + name + "' does not accept parameters (" + type + ").");
        }
        return strict(type == null ? SqlType.INTEGER : type, args, a -> body.apply(a[0]));
    }

    private static TypedExpression round(String name, List<TypedExpression> args) {
        checkArity(name, args, 1, 2);
        SqlType type = args.get(0).type();
        if (type != null && !type.isNumeric()) {
            throw new ExpressionException("Function 'ROUND' does not accept parameters (" + type + ").");
        }
        boolean scaled = args.size() == 2;
        SqlType result = type == null ? SqlType.BIGINT
                : switch (type.base()) {
                    case INTEGER -> SqlType.INTEGER;
                    case BIGINT -> SqlType.BIGINT;
                    case DECIMAL -> scaled ? type : new SqlType.Decimal(
                            Math.max(1, ((SqlType.Decimal) type).precision() - ((SqlType.Decimal) type).scale() + 1), 0);
                    default -> scaled ? SqlType.DOUBLE : SqlType.BIGINT;
                };
        return strict(result, args, a -> {
            int places = scaled ? ((Number) a[1]).intValue() : 0;
            Object v = a[0];
            if (v instanceof Integer || v instanceof Long) {
                return v;
            }
            BigDecimal d = v instanceof BigDecimal b ? b : BigDecimal.valueOf(((Number) v).doubleValue());
            // ksqlDB rounds ties towards positive infinity: -1.5 becomes -1
            BigDecimal rounded = d.signum() < 0
                    ? d.negate().setScale(places, RoundingMode.HALF_DOWN).negate()
                    : d.setScale(places, RoundingMode.HALF_UP);
            if (result.base() == BaseType.DECIMAL) {
                return rounded.setScale(((SqlType.Decimal) result).scale(), RoundingMode.HALF_UP);
            }
            return result.base() == BaseType.BIGINT ? (Object) rounded.longValue() : (Object) rounded.doubleValue();
        });
    }

    private static TypedExpression extreme(String name, List<TypedExpression> args, int direction) {
        checkArity(name, args, 1, Integer.MAX_VALUE);
        SqlType type = args.stream().map(TypedExpression::type).filter(Objects::nonNull)
                .reduce(Arithmetics::widest).orElse(SqlType.INTEGER);
        return new TypedExpression(type, row -> {
            Object best = null;
            for (TypedExpression arg : args) {
                Object v = arg.evaluator().evaluate(row);
                if (v != null && (best == null || Comparisons.compare(v, best) * direction > 0)) {
                    best = v;
                }
            }
            return best == null ? null : SqlValues.coerce(best, type);
        });
    }

    private static boolean bytes(TypedExpression argument) {
        return argument.type() != null && argument.type().base() == BaseType.BYTES;
    }

    private static byte[] encode(String text, String encoding) {
        return switch (encoding.toLowerCase(Locale.ROOT)) {
            case "hex" -> java.util.HexFormat.of().parseHex(text);
            case "utf8" -> text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            case "ascii" -> text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            case "base64" -> java.util.Base64.getDecoder().decode(text);
            default -> throw new IllegalArgumentException("Supported encodings are: hex, utf8, ascii and base64");
        };
    }

    private static String decode(byte[] bytes, String encoding) {
        return switch (encoding.toLowerCase(Locale.ROOT)) {
            case "hex" -> java.util.HexFormat.of().formatHex(bytes);
            case "utf8" -> new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            case "ascii" -> new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
            case "base64" -> java.util.Base64.getEncoder().encodeToString(bytes);
            default -> throw new IllegalArgumentException("Supported encodings are: hex, utf8, ascii and base64");
        };
    }

    private static Object instr(Object[] a) {
        String s = a[0].toString();
        String sub = a[1].toString();
        int position = a.length > 2 ? ((Number) a[2]).intValue() : 1;
        int occurrence = a.length > 3 ? ((Number) a[3]).intValue() : 1;
        if (position == 0 || occurrence <= 0) {
            return 0;
        }
        if (position > 0) {
            int at = position - 1 - 1;
            for (int n = 0; n < occurrence; n++) {
                at = s.indexOf(sub, at + 1);
                if (at < 0) {
                    return 0;
                }
            }
            return at + 1;
        }
        int at = s.length() + position + 1;
        for (int n = 0; n < occurrence; n++) {
            at = s.lastIndexOf(sub, at - 1);
            if (at < 0) {
                return 0;
            }
        }
        return at + 1;
    }

    private static TypedExpression trunc(String name, List<TypedExpression> args) {
        checkArity(name, args, 1, 2);
        SqlType type = args.get(0).type();
        boolean scaled = args.size() == 2;
        SqlType result = type == null ? SqlType.BIGINT : switch (type.base()) {
            case INTEGER -> SqlType.INTEGER;
            case BIGINT -> SqlType.BIGINT;
            case DECIMAL -> type;
            default -> scaled ? SqlType.DOUBLE : SqlType.BIGINT;
        };
        return strict(result, args, a -> {
            int places = scaled ? ((Number) a[1]).intValue() : 0;
            Object v = a[0];
            if (v instanceof Integer || v instanceof Long) {
                if (places >= 0) {
                    return v;
                }
                BigDecimal truncated = new BigDecimal(v.toString()).setScale(places, RoundingMode.DOWN);
                return v instanceof Integer ? (Object) truncated.intValue() : (Object) truncated.longValue();
            }
            BigDecimal d = v instanceof BigDecimal b ? b : BigDecimal.valueOf(((Number) v).doubleValue());
            BigDecimal truncated = d.setScale(places, RoundingMode.DOWN);
            if (result.base() == BaseType.DECIMAL) {
                return truncated.setScale(((SqlType.Decimal) result).scale(), RoundingMode.DOWN);
            }
            return result.base() == BaseType.BIGINT ? (Object) truncated.longValue() : (Object) truncated.doubleValue();
        });
    }

    private static Object substring(Object[] a) {
        String s = a[0].toString();
        int position = ((Number) a[1]).intValue();
        int start = position > 0 ? position - 1 : position < 0 ? Math.max(0, s.length() + position) : 0;
        if (start > s.length()) {
            return "";
        }
        if (a.length < 3) {
            return s.substring(start);
        }
        int length = ((Number) a[2]).intValue();
        return length <= 0 ? "" : s.substring(start, Math.min(s.length(), start + length));
    }

    private static Object pad(Object[] a, boolean left) {
        String s = a[0].toString();
        int length = ((Number) a[1]).intValue();
        String padding = a[2].toString();
        if (length < 0 || (padding.isEmpty() && s.length() < length)) {
            return null;
        }
        if (s.length() >= length) {
            return s.substring(0, length);
        }
        StringBuilder fill = new StringBuilder();
        while (fill.length() < length - s.length()) {
            fill.append(padding);
        }
        fill.setLength(length - s.length());
        return left ? fill + s : s + fill;
    }

    private static String initcap(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean start = true;
        for (char c : s.toCharArray()) {
            out.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = Character.isWhitespace(c);
        }
        return out.toString();
    }

    private static void checkArity(String name, List<TypedExpression> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            throw new ExpressionException("Function '" + name + "' does not accept parameters ("
                    + args.stream().map(a -> String.valueOf(a.type())).toList() + ").");
        }
    }
}
