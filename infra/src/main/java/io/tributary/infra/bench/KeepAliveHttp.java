package io.tributary.infra.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The benchmarks' load generator: a minimal HTTP/1.1 client over a plain socket, one request written as prepared
 * bytes and its answer read in full, as wrk or curl do. The benchmarks share the machine's CPUs with what they
 * measure; the JDK's HttpClient hands each exchange between threads and took a tenth of the CPU in the proxy's
 * produce benchmark, and half of each page's latency in the row-set one.
 */
final class KeepAliveHttp {

    private KeepAliveHttp() {
    }

    /** A request, ready to write. */
    record Target(InetSocketAddress address, String path, byte[] request) {
        static Target of(String url, List<String> headers) throws IOException {
            return of("GET", url, headers, null);
        }

        /** {@code body} null: none (no Content-Length either). */
        static Target of(String method, String url, List<String> headers, byte[] body) throws IOException {
            URI uri = URI.create(url);
            if (!"http".equalsIgnoreCase(uri.getScheme())) {
                throw new IllegalArgumentException(url + ": only http:// URLs");
            }
            String host = uri.getHost();
            if (host == null) {
                throw new IllegalArgumentException(url + ": no host");
            }
            InetAddress address = InetAddress.getByName(host);
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException(url + ": not a loopback address (" + address + "); the benchmark "
                        + "only runs against this machine");
            }
            int port = uri.getPort() > 0 ? uri.getPort() : 80;
            String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            StringBuilder req = new StringBuilder()
                    .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(uri.getRawAuthority()).append("\r\n")
                    .append("User-Agent: tributary-bench\r\n");
            boolean accept = false;
            for (String h : headers) {
                if (!h.contains(":")) {
                    throw new IllegalArgumentException("header without ':': " + h);
                }
                accept |= h.regionMatches(true, 0, "Accept:", 0, 7);
                req.append(h.trim()).append("\r\n");
            }
            if (!accept) {
                req.append("Accept: */*\r\n");
            }
            if (body != null) {
                req.append("Content-Length: ").append(body.length).append("\r\n");
            }
            req.append("\r\n");
            byte[] head = req.toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] request = body == null ? head : Arrays.copyOf(head, head.length + body.length);
            if (body != null) {
                System.arraycopy(body, 0, request, head.length, body.length);
            }
            return new Target(new InetSocketAddress(address, port), path, request);
        }
    }

    /** A response body read into one reusable buffer. */
    static final class ResponseBody {
        private byte[] bytes = new byte[16 * 1024];
        private int length;

        byte[] bytes() {
            return bytes;
        }

        int length() {
            return length;
        }

        void clear() {
            length = 0;
        }

        void append(byte[] from, int offset, int count) {
            if (length + count > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
            }
            System.arraycopy(from, offset, bytes, length, count);
            length += count;
        }

        String asString() {
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }
    }

    /** A keep-alive connection that reads every answer in full: Content-Length, chunked, or until close. */
    static final class Connection implements AutoCloseable {
        private final Target target;
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buf = new byte[16 * 1024];
        private int pos;
        private int lim;
        boolean closeAfterwards;

        Connection(Target target, int timeoutMillis) throws IOException {
            this.target = target;
            this.socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.setSoTimeout(timeoutMillis);
            socket.connect(target.address(), timeoutMillis);
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** Sends the request and reads the whole response; returns its status. */
        int exchange() throws IOException {
            return exchange(null);
        }

        /** Sends the request and reads the whole response, its body into {@code body} when given; its status. */
        int exchange(ResponseBody body) throws IOException {
            if (body != null) {
                body.clear();
            }
            out.write(target.request());
            out.flush();
            while (true) {
                String statusLine = readLine();
                // "HTTP/1.1 200 OK"
                if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
                    throw new IOException("not an HTTP/1.x status line: " + statusLine);
                }
                int status = Integer.parseInt(statusLine.substring(9, 12));
                boolean http10 = statusLine.startsWith("HTTP/1.0");
                long contentLength = -1;
                boolean chunked = false;
                boolean close = http10;
                String line;
                while (!(line = readLine()).isEmpty()) {
                    int colon = line.indexOf(':');
                    if (colon <= 0) {
                        continue;
                    }
                    String name = line.substring(0, colon).trim();
                    String value = line.substring(colon + 1).trim();
                    if (name.equalsIgnoreCase("Content-Length")) {
                        contentLength = Long.parseLong(value);
                    } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                        chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    } else if (name.equalsIgnoreCase("Connection")) {
                        String v = value.toLowerCase(Locale.ROOT);
                        if (v.contains("close")) {
                            close = true;
                        } else if (v.contains("keep-alive")) {
                            close = false;
                        }
                    }
                }
                if (status >= 100 && status < 200) {
                    continue; // interim answer (100 Continue, 103 Early Hints): the real one follows
                }
                if (status == 204 || status == 304) {
                    // no body
                } else if (chunked) {
                    readChunked(body);
                } else if (contentLength >= 0) {
                    skip(contentLength, body);
                } else {
                    skipToEnd(body); // body delimited by the end of the connection
                    close = true;
                }
                closeAfterwards = close;
                return status;
            }
        }

        private void readChunked(ResponseBody body) throws IOException {
            while (true) {
                String sizeLine = readLine();
                int semi = sizeLine.indexOf(';'); // chunk extensions
                long size = Long.parseLong((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
                if (size == 0) {
                    while (!readLine().isEmpty()) {
                        // trailers
                    }
                    return;
                }
                skip(size, body);
                if (!readLine().isEmpty()) {
                    throw new IOException("malformed chunk: no CRLF after the data");
                }
            }
        }

        private void skip(long n, ResponseBody body) throws IOException {
            while (n > 0) {
                if (pos == lim && !fill()) {
                    throw new EOFException("connection closed with " + n + " body bytes missing");
                }
                int k = (int) Math.min(n, lim - pos);
                if (body != null) {
                    body.append(buf, pos, k);
                }
                pos += k;
                n -= k;
            }
        }

        private void skipToEnd(ResponseBody body) throws IOException {
            do {
                if (body != null) {
                    body.append(buf, pos, lim - pos);
                }
                pos = lim;
            } while (fill());
        }

        /** A header line without its CRLF (a bare LF is accepted too). */
        private String readLine() throws IOException {
            StringBuilder sb = null;
            while (true) {
                if (pos == lim && !fill()) {
                    throw new EOFException("connection closed by the server");
                }
                int start = pos;
                while (pos < lim) {
                    if (buf[pos] == '\n') {
                        int end = pos;
                        pos++;
                        String part = new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
                        String line = sb == null ? part : sb.append(part).toString();
                        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
                    }
                    pos++;
                }
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(new String(buf, start, pos - start, StandardCharsets.ISO_8859_1));
                if (sb.length() > 64 * 1024) {
                    throw new IOException("header line longer than 64 KiB");
                }
            }
        }

        private boolean fill() throws IOException {
            int n;
            try {
                n = in.read(buf, 0, buf.length);
            } catch (SocketTimeoutException e) {
                throw new SocketTimeoutException("no answer from " + target.address() + " within the timeout");
            }
            if (n <= 0) {
                return false;
            }
            pos = 0;
            lim = n;
            return true;
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
