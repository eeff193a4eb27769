package io.tributary.sql.web;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether the TCP connection a request came on is still open, asked of the kernel's socket table
 * ({@code /proc/net/tcp}, {@code /proc/net/tcp6}). A servlet container tells a handler nothing about a client that
 * went away while its response is idle; a framing with room for whitespace finds out by writing some, but the
 * streaming API's delimited framing has none, so an idle push query asks here instead. Where the table cannot be
 * read (not Linux), the answer is always "open" and such a query ends at its next row, as before.
 */
final class ClientConnection {

    private static final Path TCP = Path.of("/proc/net/tcp");
    private static final Path TCP6 = Path.of("/proc/net/tcp6");
    /** Socket states in which the client has closed its side or the connection is being torn down. */
    private static final List<String> CLOSING = List.of("08", "07", "09", "0B", "06");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Only these characters, starting with a hex digit or a colon, keep {@link InetAddress#getByName} from DNS. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");
    private static final ClientConnection UNKNOWN = new ClientConnection(List.of(), List.of());

    /** Each table to read, with the text that a line for this connection holds there. */
    private List<Path> tables;
    private List<String> needles;
    private boolean seen;

    private ClientConnection(List<Path> tables, List<String> needles) {
        this.tables = tables;
        this.needles = needles;
    }

    /**
     * The connection of the container's own request: a wrapper (as the forwarded-headers filter's, which answers
     * the X-Forwarded-For client) does not name the socket.
     */
    static ClientConnection of(ServletRequest request) {
        ServletRequest inner = request;
        while (inner instanceof ServletRequestWrapper wrapper) {
            inner = wrapper.getRequest();
        }
        try {
            byte[] local = literal(inner.getLocalAddr());
            byte[] remote = literal(inner.getRemoteAddr());
            if (local == null || remote == null || local.length != remote.length) {
                return UNKNOWN;
            }
            String mapped = " " + entry(local, inner.getLocalPort(), true) + " "
                    + entry(remote, inner.getRemotePort(), true) + " ";
            if (local.length == 16) {
                return new ClientConnection(List.of(TCP6), List.of(mapped));
            }
            // an IPv4 client of a dual-stack listener is in the IPv6 table, as ::ffff:a.b.c.d
            String plain = " " + entry(local, inner.getLocalPort(), false) + " "
                    + entry(remote, inner.getRemotePort(), false) + " ";
            return new ClientConnection(List.of(TCP6, TCP), List.of(mapped, plain));
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /** The address an IP literal names, or null for anything else: a host name is never looked up. */
    static byte[] literal(String address) throws IOException {
        if (address == null || address.isEmpty()) {
            return null;
        }
        if (IPV4.matcher(address).matches()) {
            String[] parts = address.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(parts[i]);
                if (octet > 255) {
                    return null;
                }
                bytes[i] = (byte) octet;
            }
            return bytes;
        }
        String withoutZone = address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1) : address;
        int zone = withoutZone.indexOf('%');
        if (zone >= 0) {
            withoutZone = withoutZone.substring(0, zone);
        }
        if (withoutZone.indexOf(':') < 0 || !IPV6.matcher(withoutZone).matches()) {
            return null;
        }
        return InetAddress.getByName(withoutZone).getAddress();
    }

    /**
     * True once the kernel shows the client closed the connection (or, after having listed it, no longer lists it).
     * False whenever it cannot tell.
     */
    boolean gone() {
        if (tables.isEmpty()) {
            return false;
        }
        boolean found = false;
        for (int t = 0; t < tables.size(); t++) {
            String table;
            try {
                table = Files.readString(tables.get(t));
            } catch (IOException | RuntimeException e) {
                continue;
            }
            String needle = needles.get(t);
            for (int at = table.indexOf(needle); at >= 0; at = table.indexOf(needle, at + 1)) {
                int state = at + needle.length();
                if (state + 2 > table.length()) {
                    continue;
                }
                if (!found) {
                    // the connection lives in this table only: later checks read just this one
                    tables = List.of(tables.get(t));
                    needles = List.of(needle);
                    found = true;
                }
                if (CLOSING.contains(table.substring(state, state + 2))) {
                    return true;
                }
            }
            if (found) {
                break;
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
