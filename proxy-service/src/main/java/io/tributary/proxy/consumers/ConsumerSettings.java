package io.tributary.proxy.consumers;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * {@code tributary.proxy.consumer.*}: the proxy-wide consumer settings, named after the real proxy's
 * ({@code consumer.instance.timeout.ms}, {@code consumer.request.timeout.ms}, {@code consumer.request.max.bytes}).
 *
 * @param instanceTimeout how long an instance may sit idle before it is closed and forgotten
 * @param requestTimeout the longest a {@code records} read waits for data, unless the instance or request says less
 * @param requestMaxBytes the most key and value bytes one {@code records} answer carries
 */
@ConfigurationProperties("tributary.proxy.consumer")
public record ConsumerSettings(
        @DefaultValue("300000") @DurationUnit(ChronoUnit.MILLIS) Duration instanceTimeout,
        @DefaultValue("1000") @DurationUnit(ChronoUnit.MILLIS) Duration requestTimeout,
        @DefaultValue("67108864") long requestMaxBytes) {
}
