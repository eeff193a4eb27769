package io.tributary.common.web;

import io.tributary.common.errors.ErrorCodeScheme;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/** The servlet side of the one error model: envelope error pages, the request size limit, a default scheme. */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
@EnableConfigurationProperties(HttpLimitsProperties.class)
public class EnvelopeWebAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ErrorCodeScheme errorCodeScheme() {
        return ErrorCodeScheme.HTTP_STATUS;
    }

    @Bean
    @ConditionalOnMissingBean(ErrorController.class)
    EnvelopeErrorController envelopeErrorController(ErrorCodeScheme codes) {
        return new EnvelopeErrorController(codes);
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(HttpLimitsProperties limits,
            ErrorCodeScheme codes, JsonMapper json) {
        var registration = new FilterRegistrationBean<>(
                new RequestBodyLimitFilter(limits.maxRequestSize().toBytes(), codes, json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
