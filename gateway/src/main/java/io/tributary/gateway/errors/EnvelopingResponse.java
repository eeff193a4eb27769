package io.tributary.gateway.errors;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A response that reshapes its body when its status is 400 or above. Below 400 every call goes straight to the
 * delegate, so successful answers (streams included) are never buffered.
 */
final class EnvelopingResponse extends ServerHttpResponseDecorator {

    private static final byte[] NO_BODY = new byte[0];
    private static final Duration ERROR_BODY_TIMEOUT = Duration.ofSeconds(30);

    /** Where Spring Cloud Gateway's RequestSize and RequestHeaderSize filters explain their bodiless 413/431. */
    private static final String FILTER_ERROR_MESSAGE = "errorMessage";

    private final ErrorBodyNormalizer normalizer;
    private final int maxBodyBytes;
    private volatile boolean bodyWritten;

    EnvelopingResponse(ServerHttpResponse delegate, ErrorBodyNormalizer normalizer, int maxBodyBytes) {
        super(delegate);
        this.normalizer = normalizer;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
        bodyWritten = true;
        if (!isError()) {
            return super.writeWith(body);
        }
        return DataBufferUtils.join(body, maxBodyBytes)
                .map(EnvelopingResponse::drain)
                .defaultIfEmpty(NO_BODY)
                .map(this::reshape)
                // an error body is small and finite; one that is neither is not worth relaying
                .timeout(ERROR_BODY_TIMEOUT)
                .onErrorResume(error -> error instanceof DataBufferLimitException || error instanceof TimeoutException,
                        unusable -> Mono.just(rewritten(normalizer.replacement(status()))))
                .flatMap(reshaped -> super.writeWith(Mono.just(bufferFactory().wrap(reshaped))));
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        if (!isError()) {
            bodyWritten = true;
            return super.writeAndFlushWith(body);
        }
        return writeWith(Flux.from(body).concatMap(chunk -> chunk));
    }

    @Override
    public Mono<Void> setComplete() {
        return bodyWritten || !isError() || isCommitted() ? super.setComplete() : writeWith(Flux.empty());
    }

    /** For an error status set without any body written (a filter that only set the status, for example). */
    Mono<Void> completeIfUnwritten() {
        return bodyWritten || !isError() || isCommitted() ? Mono.empty() : writeWith(Flux.empty());
    }

    private boolean isError() {
        HttpStatusCode status = getStatusCode();
        return status != null && status.value() >= 400;
    }

    private int status() {
        HttpStatusCode status = getStatusCode();
        return status != null ? status.value() : 500;
    }

    private byte[] reshape(byte[] body) {
        HttpHeaders headers = getHeaders();
        String encoding = headers.getFirst(HttpHeaders.CONTENT_ENCODING);
        byte[] readable = decode(encoding, body);
        if (readable == null) {
            return rewritten(normalizer.replacement(status()));
        }
        String filterMessage = headers.getFirst(FILTER_ERROR_MESSAGE);
        if (readable.length == 0 && filterMessage != null && !filterMessage.isBlank()) {
            return rewritten(normalizer.envelope(status(), filterMessage));
        }
        ErrorBodyNormalizer.Outcome outcome = normalizer.normalize(status(), contentType(headers), readable);
        return outcome instanceof ErrorBodyNormalizer.Rewritten rewritten ? rewritten(rewritten.body()) : unchanged(body);
    }

    private byte[] unchanged(byte[] body) {
        HttpHeaders headers = getHeaders();
        MediaType type = contentType(headers);
        if (!isJson(type)) {
            headers.setContentType(MediaType.APPLICATION_JSON);
        }
        headers.remove(HttpHeaders.TRANSFER_ENCODING);
        headers.setContentLength(body.length);
        return body;
    }

    private byte[] rewritten(byte[] body) {
        HttpHeaders headers = getHeaders();
        headers.remove(HttpHeaders.CONTENT_ENCODING);
        headers.remove(HttpHeaders.TRANSFER_ENCODING);
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setContentLength(body.length);
        return body;
    }

    /** A vendor JSON type (KSQL's {@code application/vnd.ksql.v1+json}) is kept: its clients negotiate it. */
    private static boolean isJson(@Nullable MediaType type) {
        return type != null && (MediaType.APPLICATION_JSON.isCompatibleWith(type) || "json".equals(type.getSubtypeSuffix()));
    }

    private static @Nullable MediaType contentType(HttpHeaders headers) {
        try {
            return headers.getContentType();
        }
        catch (InvalidMediaTypeException unparseable) {
            return null;
        }
    }

    private @Nullable byte[] decode(@Nullable String encoding, byte[] body) {
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity") || body.length == 0) {
            return body;
        }
        if (!encoding.equalsIgnoreCase("gzip") && !encoding.equalsIgnoreCase("x-gzip")) {
            return null;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            byte[] inflated = in.readNBytes(maxBodyBytes + 1);
            return inflated.length > maxBodyBytes ? null : inflated;
        }
        catch (IOException corrupt) {
            return null;
        }
    }

    private static byte[] drain(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        }
        finally {
            DataBufferUtils.release(buffer);
        }
    }
}
