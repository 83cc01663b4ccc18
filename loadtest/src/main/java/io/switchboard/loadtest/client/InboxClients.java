package io.switchboard.loadtest.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * WebSocket clients, one per loopback source address (127.0.0.1, .2, ...). A TCP connection is
 * identified by source address and port, so each source address adds about 28,000 ephemeral ports:
 * several of them let one machine open more connections to one server port than one address could.
 */
public final class InboxClients {

    private final List<WebSocketClient> clients = new ArrayList<>();
    private final int timeoutMs;

    /** @param sourceAddresses how many of 127.0.0.1..127.0.0.N to bind; 0 lets the kernel choose */
    public InboxClients(Vertx vertx, int sourceAddresses, int timeoutMs) {
        this.timeoutMs = timeoutMs;
        for (int i = 1; i <= Math.max(1, sourceAddresses); i++) {
            WebSocketClientOptions options = new WebSocketClientOptions()
                    .setMaxConnections(Integer.MAX_VALUE)
                    .setConnectTimeout(timeoutMs);
            if (sourceAddresses > 0) {
                options.setLocalAddress("127.0.0." + i);
            }
            clients.add(vertx.createWebSocketClient(options));
        }
    }

    /** Opens listener {@code index}'s socket from the next source address in turn; completes at the pong. */
    public Future<AgentSocket> connect(int index, SocketSpec spec, FrameListener listener) {
        WebSocketClient client = clients.get(index % clients.size());
        return new AgentSocket(index, client, spec, listener, timeoutMs).open();
    }

    public int sourceAddresses() {
        return clients.size();
    }
}
