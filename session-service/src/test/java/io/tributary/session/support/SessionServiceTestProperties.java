package io.tributary.session.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * session-service's test properties (its engine database and role, the administrator, the defaults file, the busy
 * timeout), given to every test context of the module alike (registered in {@code META-INF/spring.factories}): a
 * {@code @DynamicPropertySource} would only reach {@link SessionServiceIntegrationTest}'s subclasses, and
 * testkit's {@code ErrorEnvelopeContract} would then need a second Spring context.
 */
public final class SessionServiceTestProperties implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return new Customizer();
    }

    private static final class Customizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration merged) {
            Map<String, Object> properties = new LinkedHashMap<>();
            SessionServiceIntegrationTest.engineProperties(properties);
            context.getEnvironment().getPropertySources()
                    .addFirst(new MapPropertySource("session-service-test", properties));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Customizer;
        }

        @Override
        public int hashCode() {
            return Customizer.class.hashCode();
        }
    }
}
