package io.tributary.sql.web;

import io.tributary.sql.engine.PullQueryPeers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks another instance for its part of a pull query as ksqlDB's servers ask each other: {@code POST /query} with
 * the statement, its properties and the request properties that keep it from forwarding again and name the
 * partitions to read; the answer is the v1 JSON array, whose rows are taken as they are (decimals kept exact).
 */
@Component
class HttpPullQueryPeers implements PullQueryPeers {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public List<List<Object>> pull(String host, String sql, Map<String, Object> streamsProperties,
            Set<Integer> partitions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ksql", sql);
        body.put("streamsProperties", streamsProperties);
        body.put("requestProperties", Map.of(SKIP_FORWARDING, true, PARTITIONS,
                partitions.stream().map(String::valueOf).collect(Collectors.joining(","))));
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + "/query")).timeout(TIMEOUT)
                    .header("Content-Type", KsqlMediaTypes.KSQL_V1_JSON)
                    .header("Accept", KsqlMediaTypes.KSQL_V1_JSON)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                String answer = response.body();
                throw new Unavailable(host + " answered " + response.statusCode() + ": "
                        + answer.substring(0, Math.min(answer.length(), 300)), null);
            }
            List<List<Object>> rows = new ArrayList<>();
            for (Object element : JSON.readValue(response.body(), List.class)) {
                if (element instanceof Map<?, ?> map && map.get("row") instanceof Map<?, ?> row
                        && row.get("columns") instanceof List<?> columns) {
                    rows.add(new ArrayList<>(columns));
                } else if (element instanceof Map<?, ?> map && map.containsKey("errorMessage")) {
                    throw new Unavailable(host + " failed: " + map.get("errorMessage"), null);
                }
            }
            return rows;
        } catch (IOException | JacksonException | IllegalArgumentException e) {
            throw new Unavailable(host + " could not be asked: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted asking " + host, e);
        }
    }
}
