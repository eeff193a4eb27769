package io.tributary.proxy.produce;

import io.tributary.proxy.records.EmbeddedFormat;
import io.tributary.proxy.web.RestProxyMediaTypes;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.HandlerMapping;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves the common produce request, {@code POST /topics/{topic}[/partitions/{n}]} with a plain topic name, an
 * embedded-format content type and an {@code Accept} naming one answer type (or none), without Spring MVC's
 * dispatch: per request its mapping, negotiation and argument resolution cost about as much CPU as parsing and
 * producing a hundred records. The work and every failure are the controller's ({@link ProduceController}):
 * the same reader and producer, errors answered by the same exception handler; anything else (other paths,
 * encoded names, several or weighted {@code Accept} types, odd content types) goes on to it unchanged.
 * Runs right after the body-size limit.
 */
@Component
class DirectProduceFilter implements Filter, Ordered {

    /** After {@code RequestBodyLimitFilter} (HIGHEST_PRECEDENCE + 10), before every other application filter. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 11;

    private static final String TOPICS = "/topics/";
    private static final String PARTITIONS = "/partitions/";

    private final RecordProducer producer;
    private final ProduceRequestReader requests;
    private final HandlerExceptionResolver errors;
    private final ObjectWriter writer;

    DirectProduceFilter(RecordProducer producer, ProduceRequestReader requests, JsonMapper json,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
        this.producer = producer;
        this.requests = requests;
        this.errors = errors;
        this.writer = json.writerFor(ProduceResponse.class);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        Target target = request.getDispatcherType() == DispatcherType.REQUEST && "POST".equals(request.getMethod())
                && request.getContextPath().isEmpty() ? target(request.getRequestURI()) : null;
        EmbeddedFormat format = target == null ? null : format(request.getContentType());
        String answerType = format == null ? null : answerType(request.getHeaders("Accept"));
        if (answerType == null) {
            chain.doFilter(request, response);
            return;
        }
        // what the controller's mapping would have declared, for the error handler's negotiation
        request.setAttribute(HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE,
                ProduceController.PRODUCIBLE);
        ProduceResponse answer;
        try {
            answer = producer.produce(target.topic(), target.partition(), format, requests.read(request, format));
        } catch (RuntimeException e) {
            if (errors.resolveException(request, response, null, e) == null) {
                throw e;
            }
            return;
        }
        byte[] body = writer.writeValueAsBytes(answer);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(answerType);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private record Target(String topic, Optional<Integer> partition) {
    }

    /** The topic and partition of a produce path in its plainest spelling, else null. */
    private static Target target(String uri) {
        if (!uri.startsWith(TOPICS)) {
            return null;
        }
        int end = uri.indexOf('/', TOPICS.length());
        String topic = uri.substring(TOPICS.length(), end < 0 ? uri.length() : end);
        if (!isPlainTopicName(topic)) {
            return null;
        }
        if (end < 0) {
            return new Target(topic, Optional.empty());
        }
        if (!uri.startsWith(PARTITIONS, end)) {
            return null;
        }
        String partition = uri.substring(end + PARTITIONS.length());
        if (partition.isEmpty() || partition.length() > 9) {
            return null;
        }
        for (int i = 0; i < partition.length(); i++) {
            if (partition.charAt(i) < '0' || partition.charAt(i) > '9') {
                return null;
            }
        }
        return new Target(topic, Optional.of(Integer.parseInt(partition)));
    }

    /** Kafka's legal topic characters: nothing a path would encode or Spring would decode or strip. */
    private static boolean isPlainTopicName(String topic) {
        if (topic.isEmpty() || topic.length() > 249) {
            return false;
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** The embedded format of a content type the controller consumes, with no parameter but a UTF-8 charset. */
    private static EmbeddedFormat format(String contentType) {
        if (contentType == null) {
            return null;
        }
        String type = contentType;
        int semicolon = contentType.indexOf(';');
        if (semicolon >= 0) {
            String parameter = contentType.substring(semicolon + 1).strip().toLowerCase(Locale.ROOT);
            if (!parameter.equals("charset=utf-8")) {
                return null;
            }
            type = contentType.substring(0, semicolon);
        }
        return EmbeddedFormat.ofContentType(type).orElse(null);
    }

    /** The answer's content type when {@code Accept} is absent or names exactly one of the produced types. */
    private static String answerType(Enumeration<String> accept) {
        if (!accept.hasMoreElements()) {
            return RestProxyMediaTypes.V2_JSON;
        }
        String only = accept.nextElement().strip();
        if (accept.hasMoreElements()) {
            return null;
        }
        return switch (only) {
            case "*/*", RestProxyMediaTypes.V2_JSON -> RestProxyMediaTypes.V2_JSON;
            case RestProxyMediaTypes.KAFKA_JSON -> RestProxyMediaTypes.KAFKA_JSON;
            case RestProxyMediaTypes.JSON -> RestProxyMediaTypes.JSON;
            default -> null;
        };
    }
}
