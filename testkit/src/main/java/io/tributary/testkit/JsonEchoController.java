package io.tributary.testkit;

import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A JSON-consuming endpoint added to every service under test, so the bad-input contract (malformed JSON, wrong
 * content type, oversized body) is proved through the service's real message converters and error handler
 * even before the service has POST endpoints of its own.
 */
@RestController
public class JsonEchoController {

    public static final String PATH = "/__test/echo";

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> echo(@RequestBody Map<String, Object> body) {
        return body;
    }
}
