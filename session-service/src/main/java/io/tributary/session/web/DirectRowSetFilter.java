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
 * plainly JSON) goes on to {@link OperationsController}. Runs right after the body-size limit.
 */
@Component
class DirectRowSetFilter implements Filter, Ordered {

    /** After {@code RequestBodyLimitFilter} (HIGHEST_PRECEDENCE + 10), before every other application filter. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 11;

    private static final String OPERATIONS = "/api/v1/operations/";
    private static final String ROWSET = "/rowset";
    private static final int MAX_HANDLE_LENGTH = 64;

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
        if (handle == null || !acceptsJson(request.getHeaders(HttpHeaders.ACCEPT))) {
            chain.doFilter(request, response);
            return;
        }
        // what the resource's mapping would have declared, for the error handler's negotiation
        request.setAttribute(HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE, Set.of(MediaType.APPLICATION_JSON));
        byte[] page;
        try {
            authentication.authenticate(request, response);
            PageQuery query = PageQuery.of(request.getParameter("maxrows"), request.getParameter("fetchorientation"),
                    request.getParameter("offset"));
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
    private static String handle(String uri) {
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

    /** No {@code Accept}, or one naming JSON plainly (no parameters, no weights): the resource's own answer. */
    private static boolean acceptsJson(Enumeration<String> accept) {
        if (accept == null || !accept.hasMoreElements()) {
            return true;
        }
        String value = accept.nextElement();
        if (accept.hasMoreElements() || value.indexOf(';') >= 0) {
            return false;
        }
        for (String range : value.split(",")) {
            String type = range.strip();
            if (type.equals("*/*") || type.equals("application/*") || type.equals("application/json")) {
                return true;
            }
        }
        return false;
    }
}
