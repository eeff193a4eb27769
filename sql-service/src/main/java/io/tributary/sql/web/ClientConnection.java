package io.tributary.sql.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Whether the TCP connection a request came on is still open, asked of the kernel's socket table
 * ({@code /proc/net/tcp}, {@code /proc/net/tcp6}). A servlet container tells a handler nothing about a client that
 * went away while its response is idle; a framing with room for whitespace finds out by writing some, but the
 * streaming API's delimited framing has none, so an idle push query asks here instead. Where the table cannot be
 * read (not Linux), the answer is always "open" and such a query ends at its next row, as before.
 */
final class ClientConnection {

    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    /** Socket states in which the client has closed its side or the connection is being torn down. */
    private static final List<String> CLOSING = List.of("08", "07", "09", "0B", "06");

    private final String local;
    private final String remote;
    private final String local6;
    private final String remote6;
    private boolean seen;

    private ClientConnection(String local, String remote, String local6, String remote6) {
        this.local = local;
        this.remote = remote;
        this.local6 = local6;
        this.remote6 = remote6;
    }

    static ClientConnection of(HttpServletRequest request) {
        try {
            byte[] localAddress = InetAddress.getByName(request.getLocalAddr()).getAddress();
            byte[] remoteAddress = InetAddress.getByName(request.getRemoteAddr()).getAddress();
            return new ClientConnection(entry(localAddress, request.getLocalPort(), false),
                    entry(remoteAddress, request.getRemotePort(), false),
                    entry(localAddress, request.getLocalPort(), true),
                    entry(remoteAddress, request.getRemotePort(), true));
        } catch (IOException | RuntimeException e) {
            return new ClientConnection(null, null, null, null);
        }
    }

    /**
     * True once the kernel shows the client closed the connection (or, after having listed it, no longer lists it).
     * False whenever it cannot tell.
     */
    boolean gone() {
        if (local == null) {
            return false;
        }
        boolean found = false;
        for (Path table : TABLES) {
            List<String> lines;
            try {
                lines = Files.readAllLines(table);
            } catch (IOException | RuntimeException e) {
                continue;
            }
            for (int i = 1; i < lines.size(); i++) {
                String[] fields = lines.get(i).trim().split("\\s+");
                if (fields.length < 4) {
                    continue;
                }
                boolean ours = fields[1].equals(local) && fields[2].equals(remote)
                        || fields[1].equals(local6) && fields[2].equals(remote6);
                if (ours) {
                    found = true;
                    if (CLOSING.contains(fields[3])) {
                        return true;
                    }
                }
            }
        }
        if (found) {
            seen = true;
            return false;
        }
        return seen;
    }

    /**
     * An address and port as the kernel's table writes them: the address in 32-bit words of host (little-endian)
     * order, an IPv4 address in the IPv6 table as {@code ::ffff:a.b.c.d}, then the port in hex.
     */
    private static String entry(byte[] address, int port, boolean ipv6Table) {
        byte[] bytes = address;
        if (ipv6Table && address.length == 4) {
            bytes = new byte[16];
            bytes[10] = (byte) 0xff;
            bytes[11] = (byte) 0xff;
            System.arraycopy(address, 0, bytes, 12, 4);
        } else if (!ipv6Table && address.length == 16) {
            return "-";
        }
        StringBuilder hex = new StringBuilder();
        for (int word = 0; word < bytes.length; word += 4) {
            for (int b = word + 3; b >= word; b--) {
                hex.append(String.format("%02X", bytes[b] & 0xff));
            }
        }
        return hex + ":" + String.format(Locale.ROOT, "%04X", port);
    }
}
