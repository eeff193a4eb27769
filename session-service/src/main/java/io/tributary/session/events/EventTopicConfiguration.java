package io.tributary.session.events;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The events topic (created with the broker's defaults when missing) and the producer that writes to it. */
@Configuration(proxyBeanMethods = false)
class EventTopicConfiguration {

    @Bean
    NewTopic kyuubiEventsTopic(@Value("${kyuubi.events.topic:kyuubi_events}") String topic) {
        return TopicBuilder.name(topic).build();
    }

    /** A broker gone before this server (at JVM exit, say) must not hold its shutdown for the default 30 s. */
    @Bean
    DefaultKafkaProducerFactoryCustomizer eventProducerCloseTimeout() {
        return factory -> factory.setPhysicalCloseTimeout(2);
    }
}
