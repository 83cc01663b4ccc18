package io.switchboard.loadtest.target;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The calibration server: what the machine can do at all with the same sockets and frames, and
 * nothing else. {@code /ws/inbox} accepts any socket and answers ping with pong;
 * {@code POST /webhooks/vonage/inbound} pushes one {@code conversation.created} frame, shaped like
 * Switchboard's, to every open socket; {@code GET /connections} is its own count of open sockets.
 */
public final class BroadcastServer {

    private final Set<ServerWebSocket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong eventId = new AtomicLong();
    private final HttpServer server;

    private BroadcastServer(Vertx vertx) {
        this.server = vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true).setIdleTimeout(0))
                .webSocketHandler(this::onSocket)
                .requestHandler(this::onRequest);
    }

    /** Listens on all addresses at {@code port}. */
    public static Future<BroadcastServer> start(Vertx vertx, int port) {
        BroadcastServer broadcast = new BroadcastServer(vertx);
        return broadcast.server.listen(port, "0.0.0.0").map(broadcast);
    }

    public int port() {
        return server.actualPort();
    }

    public int connections() {
        return sockets.size();
    }

    public Future<Void> close() {
        return server.close();
    }

    private void onSocket(ServerWebSocket socket) {
        if (!"/ws/inbox".equals(socket.path())) {
            socket.reject(404);
            return;
        }
        sockets.add(socket);
        socket.closeHandler(ignored -> sockets.remove(socket));
        socket.textMessageHandler(text -> {
            if (text.contains("\"ping\"")) {
                socket.writeTextMessage("{\"type\":\"pong\"}");
            }
        });
    }

    private void onRequest(HttpServerRequest request) {
        if ("/connections".equals(request.path())) {
            request.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("connections", sockets.size()).encode());
        } else if ("/webhooks/vonage/inbound".equals(request.path())) {
            request.body().onSuccess(body -> {
                JsonObject webhook = body.toJsonObject();
                JsonObject conversation = new JsonObject()
                        .put("id", UUID.randomUUID().toString())
                        .put("status", "UNANSWERED")
                        .put("contact", new JsonObject().put("number", webhook.getString("from")))
                        .put("lastMessagePreview", webhook.getString("text"));
                String frame = new JsonObject()
                        .put("id", Long.toString(eventId.incrementAndGet()))
                        .put("type", "conversation.created")
                        .put("ts", Instant.now().toString())
                        .put("data", conversation).encode();
                sockets.forEach(socket -> socket.writeTextMessage(frame));
                request.response().putHeader("Content-Type", "application/json").end("{\"result\":\"stored\"}");
            });
        } else {
            request.response().setStatusCode(404).end();
        }
    }
}
