package io.switchboard.loadtest.target;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The calibration server: what the machine can do at all with the same sockets and frames, and
 * nothing else. {@code /ws/inbox} accepts any socket and answers ping with pong;
 * {@code POST /webhooks/vonage/inbound} pushes one {@code conversation.created} frame, shaped and
 * sized like Switchboard's, to every open socket; {@code GET /connections} is its own count of open sockets.
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
                String frame = new JsonObject()
                        .put("id", Long.toString(eventId.incrementAndGet()))
                        .put("type", "conversation.created")
                        .put("ts", Instant.now().toString())
                        .put("data", conversation(webhook)).encode();
                sockets.forEach(socket -> socket.writeTextMessage(frame));
                request.response().putHeader("Content-Type", "application/json").end("{\"result\":\"stored\"}");
            });
        } else {
            request.response().setStatusCode(404).end();
        }
    }

    /**
     * The conversation as API.md's {@code conversation.created} carries it: every field of the
     * conversation, the first message and a bell count. A frame as large as Switchboard's (about
     * 1,070 characters; the first calibration sent four fields in 229) costs the same to write
     * and, on the load generator's side of the same cores, to read.
     */
    private static JsonObject conversation(JsonObject webhook) {
        String id = UUID.randomUUID().toString();
        String now = Instant.now().toString();
        String text = webhook.getString("text");
        JsonObject message = new JsonObject()
                .put("id", UUID.randomUUID().toString()).put("conversationId", id).put("direction", "IN")
                .put("text", text).putNull("mediaUrl").put("status", "RECEIVED").putNull("authorId")
                .put("createdAt", now).put("providerMessageId", webhook.getString("message_uuid", UUID.randomUUID().toString()));
        return new JsonObject()
                .put("id", id).put("queueId", UUID.randomUUID().toString()).put("senderId", UUID.randomUUID().toString())
                .put("channel", "SMS")
                .put("contact", new JsonObject().put("id", UUID.randomUUID().toString()).put("number", webhook.getString("from"))
                        .putNull("name").putNull("classification"))
                .put("status", "ACTIVE").putNull("ownerId").put("createdAt", now).put("lastMessageAt", now)
                .put("lastMessagePreview", text).put("unreadCount", 1).put("tags", new JsonArray())
                .put("pinned", false).put("muted", false).put("archived", false).put("hasHistory", false)
                .putNull("queuePosition").putNull("estimatedWaitSeconds").putNull("firstResponseDueAt").putNull("slaState")
                .put("snoozed", false).putNull("snoozedUntil")
                .put("message", message).put("bell", 1);
    }
}
