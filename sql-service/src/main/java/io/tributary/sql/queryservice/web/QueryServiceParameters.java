package io.tributary.sql.queryservice.web;

import io.tributary.sql.queryservice.QueryServiceException;
import io.tributary.sql.queryservice.QueryServiceRequest;
import io.tributary.sql.queryservice.ResultFormat;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a {@code /query/service} request's parameters as AsterixDB does: from a JSON body (native values), or from
 * the query string and form body (text; {@code args} and {@code $name} values are JSON text), with the statement
 * taken from a plain body when no {@code statement} parameter is given. A JSON body that does not parse has no
 * statement, which is AsterixDB's answer to it.
 */
final class QueryServiceParameters {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private static final Pattern PARAMETER_NAME = Pattern.compile("\\$[A-Za-z][A-Za-z0-9_]*|\\$[0-9]+");

    private final Map<String, Object> values;
    private final boolean json;

    private QueryServiceParameters(Map<String, Object> values, boolean json) {
        this.values = values;
        this.json = json;
    }

    static QueryServiceParameters of(HttpServletRequest request) throws IOException {
        String contentType = request.getContentType() == null ? ""
                : request.getContentType().toLowerCase(Locale.ROOT);
        Map<String, Object> values = new LinkedHashMap<>();
        if (contentType.startsWith("application/json")) {
            String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                Map<String, Object> parsed = JSON.readValue(body, new TypeReference<LinkedHashMap<String, Object>>() { });
                if (parsed != null) {
                    values.putAll(parsed);
                }
            } catch (JacksonException e) {
                // as AsterixDB: an unreadable JSON body carries no statement
            }
            return new QueryServiceParameters(values, true);
        }
        request.getParameterMap().forEach((name, given) -> values.put(name, given.length == 0 ? null : given[0]));
        if (!values.containsKey("statement") && !contentType.startsWith("application/x-www-form-urlencoded")
                && "POST".equalsIgnoreCase(request.getMethod())) {
            String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!body.isBlank()) {
                values.put("statement", body);
            }
        }
        return new QueryServiceParameters(values, false);
    }

    String clientContextId() {
        Object value = values.get("client_context_id");
        return value == null ? null : value.toString();
    }

    QueryServiceRequest toRequest() {
        String statement = text("statement");
        ResultFormat format = ResultFormat.parse(text("format"), text("header"))
                .orElseThrow(() -> QueryServiceException.invalidParameter("format"));
        QueryServiceRequest.Mode mode = switch (Optional.ofNullable(text("mode")).orElse("immediate")
                .toLowerCase(Locale.ROOT)) {
            case "immediate" -> QueryServiceRequest.Mode.IMMEDIATE;
            case "deferred" -> QueryServiceRequest.Mode.DEFERRED;
            case "async" -> QueryServiceRequest.Mode.ASYNC;
            default -> throw QueryServiceException.invalidParameter("mode");
        };
        QueryServiceRequest.PlanFormat planFormat = switch (Optional.ofNullable(text("plan-format")).orElse("json")
                .toLowerCase(Locale.ROOT)) {
            case "json" -> QueryServiceRequest.PlanFormat.JSON;
            case "string" -> QueryServiceRequest.PlanFormat.STRING;
            default -> throw QueryServiceException.invalidParameter("plan-format");
        };
        Optional<Integer> maxResultReads = Optional.ofNullable(text("max-result-reads")).map(v -> {
            int reads = integer(v, "max-result-reads");
            if (reads < 1) {
                throw QueryServiceException.invalidParameter("max-result-reads");
            }
            return reads;
        });
        long maxWarnings = Optional.ofNullable(text("max-warnings")).map(v -> {
            int n = integer(v, "max-warnings");
            if (n < 0) {
                throw QueryServiceException.invalidParameter("max-warnings");
            }
            return (long) n;
        }).orElse(0L);
        Optional<Duration> timeout = Optional.ofNullable(text("timeout")).filter(t -> !t.isBlank())
                .map(QueryServiceParameters::duration);
        return new QueryServiceRequest(statement, format, bool("pretty", false), clientContextId(), mode,
                statementParameters(), timeout, bool("readonly", false), bool("signature", true), planFormat,
                new QueryServiceRequest.PlanFlags(bool("expression-tree", false),
                        bool("rewritten-expression-tree", false), bool("logical-plan", false),
                        bool("optimized-logical-plan", false), bool("job", false)),
                maxResultReads, maxWarnings);
    }

    private Map<String, Object> statementParameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            String name = e.getKey();
            if (name.equals("args")) {
                Object args = jsonValue(name, e.getValue());
                if (!(args instanceof List<?> list)) {
                    throw QueryServiceException.invalidParameter("args");
                }
                for (int i = 0; i < list.size(); i++) {
                    parameters.put(String.valueOf(i + 1), list.get(i));
                }
            } else if (PARAMETER_NAME.matcher(name).matches()) {
                parameters.put(name.substring(1), jsonValue(name, e.getValue()));
            }
        }
        return parameters;
    }

    /** A parameter's value: native in a JSON body, JSON text in a form or query string. */
    private Object jsonValue(String name, Object value) {
        if (json || value == null) {
            return value;
        }
        try {
            return JSON.readValue(value.toString(), Object.class);
        } catch (JacksonException e) {
            throw QueryServiceException.invalidParameter(name);
        }
    }

    private String text(String name) {
        Object value = values.get(name);
        return value == null ? null : value.toString();
    }

    private boolean bool(String name, boolean defaultValue) {
        Object value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        return value instanceof Boolean b ? b : Boolean.parseBoolean(value.toString().trim());
    }

    private static int integer(String value, String name) {
        try {
            return new BigDecimal(value.trim()).intValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw QueryServiceException.invalidParameter(name);
        }
    }

    /** AsterixDB's duration text: {@code 30s}, {@code 100ms}, {@code 1m30s}, {@code 1.5h}... */
    static Duration duration(String text) {
        String trimmed = text.trim();
        Matcher m = DURATION_PART.matcher(trimmed);
        long nanos = 0;
        int at = 0;
        while (m.find() && m.start() == at) {
            BigDecimal amount = new BigDecimal(m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos += amount.multiply(BigDecimal.valueOf(unit)).longValue();
            at = m.end();
        }
        if (at == 0 || at != trimmed.length()) {
            throw QueryServiceException.invalidParameter("timeout");
        }
        return Duration.ofNanos(nanos);
    }
}
