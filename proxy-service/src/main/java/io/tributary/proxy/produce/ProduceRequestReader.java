package io.tributary.proxy.produce;

import io.tributary.proxy.records.EmbeddedFormat;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a produce request's body knowing its embedded format (so binary records are decoded as they are parsed).
 * Failures are answered as a body Spring could not read is: 400 for a missing or malformed body, 413 for one over
 * the limit.
 */
@Component
class ProduceRequestReader {

    private final ObjectReader reader;

    ProduceRequestReader(JsonMapper json) {
        this.reader = json.readerFor(ProduceRequest.class);
    }

    ProduceRequest read(HttpServletRequest request, EmbeddedFormat format) {
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new HttpMessageNotReadableException("I/O error while reading input message", e,
                    new ServletServerHttpRequest(request));
        }
        if (body.length == 0) {
            throw new HttpMessageNotReadableException("Required request body is missing",
                    new ServletServerHttpRequest(request));
        }
        ProduceRequest produce;
        try {
            produce = reader.withAttribute(ProduceRequestDeserializer.FORMAT, format).readValue(body);
        } catch (JacksonException e) {
            throw new HttpMessageNotReadableException("JSON parse error: " + e.getOriginalMessage(), e,
                    new ServletServerHttpRequest(request));
        }
        if (produce == null) {
            // a body of JSON null: no request at all, as an empty body
            throw new HttpMessageNotReadableException("Required request body is missing",
                    new ServletServerHttpRequest(request));
        }
        return produce;
    }
}
