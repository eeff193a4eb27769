package io.tributary.gateway.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.gateway.support.GatewayIntegrationTest;
import io.tributary.gateway.support.StubUpstream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class ErrorNormalisationTest extends GatewayIntegrationTest {

    @ParameterizedTest(name = "{0} becomes {1} \"{2}\"")
    @CsvSource({
            "/sql/errors/html,          502, Bad Gateway",
            "/proxy/errors/text,        400, Topic name is invalid",
            "/connect/errors/long-text, 500, Internal Server Error",
            "/kyuubi/errors/empty,      500, Internal Server Error",
            "/sql/errors/array,         500, Internal Server Error",
            "/sql/errors/invalid-json,  500, Internal Server Error",
            "/sql/errors/chunked-html,  503, Service Unavailable",
            "/sql/errors/huge,          500, Internal Server Error",
            "/sql/errors/unregistered-status, 599, Upstream says no",
    })
    void replacesBodiesThatAreNotJsonObjects(String path, int status, String message) {
        HttpResponse<String> response = get(path);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"error_code\":" + status + ",\"message\":\"" + message + "\"}");
        assertThat(response.headers().firstValueAsLong("Content-Length"))
                .hasValue(response.body().getBytes(StandardCharsets.UTF_8).length);
        assertThat(response.headers().firstValue("Transfer-Encoding")).isEmpty();
    }

    @Test
    void addsMissingFieldsToJsonObjectsAndKeepsTheirOwn() {
        HttpResponse<String> response = get("/connect/errors/json-without-fields");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).isEqualTo(
                "{\"error_code\":409,\"message\":\"Conflict\",\"detail\":\"already exists\",\"retryable\":false}");
    }

    @Test
    void keepsKyuubiMessageAndAddsTheCode() {
        HttpResponse<String> response = get("/kyuubi/errors/kyuubi");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error_code\":404,\"message\":\"Invalid SessionHandle [abc]\"}");
    }

    @Test
    void keepsAsterixDbErrorsAndTakesTheMessageFromThem() {
        HttpResponse<String> response = get("/sql/errors/asterixdb");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.get("error_code").intValue()).isEqualTo(400);
        assertThat(body.get("message").stringValue()).isEqualTo("Syntax error: unexpected token");
        assertThat(body.get("status").stringValue()).isEqualTo("fatal");
        assertThat(body.get("errors").get(0).get("code").intValue()).isEqualTo(1);
        assertThat(body.get("errors").get(0).get("msg").stringValue()).isEqualTo("Syntax error: unexpected token");
    }

    @Test
    void passesAlreadyShapedErrorsByteForByte() {
        HttpResponse<String> response = get("/proxy/errors/shaped");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(StubUpstream.SHAPED_ERROR);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void keepsKsqlErrorsAndTheirVendorMediaType() {
        HttpResponse<String> response = get("/sql/errors/ksql");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.ksql.v1+json");
        JsonNode body = json(response);
        assertThat(body.get("error_code").intValue()).isEqualTo(40001);
        assertThat(body.get("statementText").stringValue()).isEqualTo("SELEC 1;");
    }

    @Test
    void readsCompressedErrorBodiesAndSendsThemUncompressed() {
        HttpResponse<String> response = get("/sql/errors/gzip");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(response.body())
                .isEqualTo("{\"error_code\":500,\"message\":\"Internal Server Error\",\"detail\":\"compressed\"}");
    }

    @Test
    void answersHeadRequestsWithJsonHeadersAndNoBody() {
        HttpResponse<String> response = send(request("/sql/errors/html")
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEmpty();
    }
}
