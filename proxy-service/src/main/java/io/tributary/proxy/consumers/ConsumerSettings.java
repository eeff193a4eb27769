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
 * @param requestTimeoutMax the longest any read waits, whatever an instance's {@code consumer.request.timeout.ms}
 *        asks (the real proxy has no bound; a read holds a request thread and the instance's lock while it waits)
 * @param forwardTimeout how long a replica waits for the owner of an instance to answer a forwarded request;
 *        unset: long enough for the longest read after waiting for the instance's lock
 * @param maxPollRecords the {@code max.poll.records} of the instances' consumers: at most this many records per
 *        {@code records} answer
 */
@ConfigurationProperties("tributary.proxy.consumer")
public record ConsumerSettings(
        @DefaultValue("300000") @DurationUnit(ChronoUnit.MILLIS) Duration instanceTimeout,
        @DefaultValue("1000") @DurationUnit(ChronoUnit.MILLIS) Duration requestTimeout,
        @DefaultValue("67108864") long requestMaxBytes,
        @DefaultValue("30000") @DurationUnit(ChronoUnit.MILLIS) Duration requestTimeoutMax,
        @DurationUnit(ChronoUnit.MILLIS) Duration forwardTimeout,
        @DefaultValue("5000") int maxPollRecords) {

    /** How long a read may wait: the instance's timeout (else the proxy's), never above the maximum. */
    Duration readWait(Duration instanceTimeout) {
        Duration wait = instanceTimeout != null ? instanceTimeout : requestTimeout;
        return wait.compareTo(requestTimeoutMax) > 0 ? requestTimeoutMax : wait;
    }

    Duration forwardTimeoutOr(Duration lockWait) {
        return forwardTimeout != null ? forwardTimeout : lockWait.plus(requestTimeoutMax).plusSeconds(10);
    }
}
