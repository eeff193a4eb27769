package io.tributary.session.web;

import io.tributary.session.operations.OperationManager;
import io.tributary.session.operations.ResultRowSet;
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
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.HandlerMapping;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves {@code GET /api/v1/operations/{handle}/rowset}, the request a client repeats for every page, without
 * Spring MVC's dispatch: finding the mapping among the API's variable paths, negotiation and argument resolution
 * cost the service more CPU than reading and writing a 100-row page. What the resource does is done the same way:
 * {@link AuthenticationInterceptor}'s check, {@link PageQuery} for the parameters, the same page writer, and errors
 * answered by the same exception handler. Anything unusual (an encoded or longer path, an {@code Accept} that is not
 * plainly JSON, a repeated paging parameter) goes on to {@link OperationsController}. Runs right after the body-size
 * limit.
 */
@Component
class DirectRowSetFilter implements Filter, Ordered {

    /** After {@code RequestBodyLimitFilter} (HIGHEST_PRECEDENCE + 10), before every other application filter. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 11;

    private static final String OPERATIONS = "/api/v1/operations/";
    private static final String ROWSET = "/rowset";
    private static final int MAX_HANDLE_LENGTH = 64;
    private static final String MAX_ROWS = "maxrows";
    private static final String ORIENTATION = "fetchorientation";
    private static final String OFFSET = "offset";
    private static final List<String> PARAMETERS = List.of(MAX_ROWS, ORIENTATION, OFFSET);

    private final OperationManager operations;
    private final AuthenticationInterceptor authentication;
    private final HandlerExceptionResolver errors;
    private final ObjectWriter writer;

    DirectRowSetFilter(OperationManager operations, AuthenticationInterceptor authentication, JsonMapper json,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
        this.operations = operations;
        this.authentication = authentication;
        this.errors = errors;
        this.writer = json.writerFor(ResultRowSet.class);
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
        String handle = request.getDispatcherType() == DispatcherType.REQUEST && "GET".equals(request.getMethod())
                && request.getContextPath().isEmpty() ? handle(request.getRequestURI()) : null;
        if (handle == null || !acceptsJson(request.getHeaders(HttpHeaders.ACCEPT)) || anyRepeated(request)) {
            chain.doFilter(request, response);
            return;
        }
        // what the resource's mapping would have declared, for the error handler's negotiation
        request.setAttribute(HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE, Set.of(MediaType.APPLICATION_JSON));
        byte[] page;
        try {
            authentication.authenticate(request, response);
            PageQuery query = PageQuery.of(request.getParameter(MAX_ROWS), request.getParameter(ORIENTATION),
                    request.getParameter(OFFSET));
            page = writer.writeValueAsBytes(
                    operations.rowSet(handle, query.orientation(), query.maxRows(), query.offset()));
        } catch (RuntimeException e) {
            if (errors.resolveException(request, response, null, e) == null) {
                throw e;
            }
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(page.length);
        response.getOutputStream().write(page);
    }

    /** The handle of a rowset path in its plainest spelling, else null. */
    static String handle(String uri) {
        if (!uri.startsWith(OPERATIONS) || !uri.endsWith(ROWSET)) {
            return null;
        }
        int end = uri.length() - ROWSET.length();
        if (end <= OPERATIONS.length() || end - OPERATIONS.length() > MAX_HANDLE_LENGTH) {
            return null;
        }
        for (int i = OPERATIONS.length(); i < end; i++) {
            char c = uri.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                return null;
            }
        }
        return uri.substring(OPERATIONS.length(), end);
    }

    /**
     * No {@code Accept}, or one header of plain media ranges (no parameters, no weights) that names JSON: the
     * resource's own answer. A malformed range is left to Spring, which refuses the header (406).
     */
    static boolean acceptsJson(Enumeration<String> accept) {
        if (accept == null || !accept.hasMoreElements()) {
            return true;
        }
        String value = accept.nextElement();
        if (accept.hasMoreElements()) {
            return false;
        }
        boolean json = false;
        for (String range : value.split(",", -1)) {
            String type = range.strip();
            if (!isPlainMediaRange(type)) {
                return false;
            }
            json |= type.equals("*/*") || type.equals("application/*") || type.equals("application/json");
        }
        return json;
    }

    /** {@code type/subtype} of token characters, nothing else; a wildcard type only in {@code *}{@code /*}. */
    private static boolean isPlainMediaRange(String range) {
        int slash = range.indexOf('/');
        if (slash <= 0 || slash == range.length() - 1 || range.startsWith("*/") && !range.equals("*/*")) {
            return false;
        }
        for (int i = 0; i < range.length(); i++) {
            char c = range.charAt(i);
            if (i != slash && !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /** A paging parameter given twice: Spring binds it comma-joined, which the resource refuses. */
    private static boolean anyRepeated(HttpServletRequest request) {
        for (String name : PARAMETERS) {
            String[] values = request.getParameterValues(name);
            if (values != null && values.length > 1) {
                return true;
            }
        }
        return false;
    }
}
