package io.tributary.common.kafka;

import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** One admin client per service, the cluster probe on it, and the {@code kafka} health component. */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(name = {"org.apache.kafka.clients.admin.Admin", "org.springframework.kafka.core.KafkaAdmin"})
@ConditionalOnBean(KafkaAdmin.class)
public class KafkaProbeAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Admin kafkaAdminClient(KafkaAdmin kafkaAdmin) {
        var config = new java.util.HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "tributary-admin");
        return Admin.create(config);
    }

    @Bean
    @ConditionalOnMissingBean
    KafkaClusterProbe kafkaClusterProbe(Admin admin,
            @Value("${tributary.kafka.probe-timeout:5s}") Duration timeout) {
        return new KafkaClusterProbe(admin, timeout);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class Health {
        @Bean(name = "kafka")
        @ConditionalOnMissingBean(name = "kafka")
        KafkaHealthIndicator kafkaHealthIndicator(KafkaClusterProbe probe) {
            return new KafkaHealthIndicator(probe);
        }
    }
}
