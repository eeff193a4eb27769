package io.tributary.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for the cases ordinary clients hide: a chunked body of a given size, read back
 * as the server answered it even when the server stops reading early.
 */
public final class RawHttpExchange {

    public record Response(int status, String headers, String body) {
    }

    private RawHttpExchange() {
    }

    public static Response postChunked(int port, String path, String contentType, String first, String chunk,
            int chunks)
            throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
                    + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] data = chunk.getBytes(StandardCharsets.UTF_8);
            byte[] head = first.getBytes(StandardCharsets.UTF_8);
            try {
                out.write((Integer.toHexString(head.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(head);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < chunks; i++) {
                    out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(data);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException serverStoppedReading) {
                // the server answered before reading everything; its answer is what matters
            }
            return read(socket.getInputStream());
        }
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (IOException reset) {
            // a reset after the answer was sent still leaves the answer readable
        }
        String text = all.toString(StandardCharsets.UTF_8);
        int split = text.indexOf("\r\n\r\n");
        if (split < 0) {
            throw new IOException("No HTTP answer: " + text);
        }
        String head = text.substring(0, split);
        String body = text.substring(split + 4);
        if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            body = dechunk(body);
        }
        int status = Integer.parseInt(head.substring(9, 12));
        return new Response(status, head, body);
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int lineEnd = body.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, lineEnd + 2, Math.min(body.length(), lineEnd + 2 + size));
            at = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }
}
