package io.tributary.session.web;

import io.tributary.common.errors.ApiException;
import io.tributary.session.auth.AuthenticationException;
import io.tributary.session.auth.ClientAuthenticator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Authenticates every request of the REST API before it reaches a resource, as Kyuubi's authentication filter:
 * a refused login is 401 with {@code WWW-Authenticate: Basic} and the error envelope.
 */
@Configuration
class AuthenticationInterceptor implements HandlerInterceptor, WebMvcConfigurer {

    private final ClientAuthenticator authenticator;

    AuthenticationInterceptor(ClientAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        authenticate(request, response);
        return true;
    }

    /** Sets the request's {@link ClientIdentity}, or throws the 401 Kyuubi answers. */
    void authenticate(HttpServletRequest request, HttpServletResponse response) {
        try {
            request.setAttribute(ClientIdentity.ATTRIBUTE,
                    authenticator.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION)));
        } catch (AuthenticationException e) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Kyuubi\"");
            throw ApiException.of(401, e.getMessage());
        }
    }
}
