package io.tributary.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** One stub per service, started once per test JVM so every test class shares one gateway context. */
public final class StubUpstreams {

    public static final StubUpstream SQL = new StubUpstream("sql-service");
    public static final StubUpstream PROXY = new StubUpstream("proxy-service");
    public static final StubUpstream CONNECT = new StubUpstream("connect-service");
    public static final StubUpstream SESSION = new StubUpstream("session-service");

    /** A port nothing listens on: it was free a moment ago and is closed again. */
    public static final int CLOSED_PORT = closedPort();

    private StubUpstreams() {
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
