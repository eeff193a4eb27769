package io.tributary.proxy;

import io.tributary.proxy.consumers.ConsumerSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The consumer settings, and the scheduler that expires idle consumer instances. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(ConsumerSettings.class)
class ProxyServiceConfiguration {
}
