package org.communityhub.common.net;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A free TCP port for a server that this process names first and starts after (the embedded
 * PostgreSQL; in tests, a packaged hub or Keycloak). The port is chosen below Linux's ephemeral
 * range (32768–60999): a port {@code new ServerSocket(0)} hands out comes from that range, which
 * every outgoing connection on the machine also draws from, so one of them can take it between the
 * check and the server binding it (seen once in about fifteen test runs: "Port already bound").
 */
public final class LocalPorts {

    private static final int LOWEST = 20_000;
    private static final int BELOW_EPHEMERAL = 32_000;
    private static final int ATTEMPTS = 100;

    private LocalPorts() {}

    /** A port between 20000 and 32000 that nothing listened on a moment ago. */
    public static int free() throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, BELOW_EPHEMERAL);
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // in use: another one
            }
        }
        throw new IOException("No free port between " + LOWEST + " and " + BELOW_EPHEMERAL);
    }
}
