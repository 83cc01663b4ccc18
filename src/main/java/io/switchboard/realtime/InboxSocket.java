package io.switchboard.realtime;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.common.ApiException;
import io.switchboard.workspace.AgentService;
import io.vertx.core.json.JsonObject;

/**
 * {@code GET /ws/inbox}: the agent's live stream. The upgrade is authenticated by {@link SocketAuth};
 * {@code ?lastEventId=} resumes after that event.
 */
@WebSocket(path = "/ws/inbox")
public class InboxSocket {

    private static final TypedKey<InboxSession> SESSION = new TypedKey<>("inbox-session");

    private final LiveInbox inbox;
    private final AgentService agents;
    private final PresenceTracker presence;

    public InboxSocket(LiveInbox inbox, AgentService agents, PresenceTracker presence) {
        this.inbox = inbox;
        this.agents = agents;
        this.presence = presence;
    }

    @OnOpen
    public Uni<Void> open(WebSocketConnection connection) {
        Caller caller = connection.userData().get(SocketAuth.CALLER);
        if (caller == null) {
            return connection.close(new CloseReason(1008, "authentication required"));
        }
        String lastEventId = queryParam(connection.handshakeRequest().query(), "lastEventId");
        return inbox.open(connection, caller, lastEventId)
                .invoke(session -> connection.userData().put(SESSION, session))
                .invoke(() -> presence.connected(caller))
                .replaceWithVoid();
    }

    @OnTextMessage
    public Uni<String> message(String text, WebSocketConnection connection) {
        JsonObject frame;
        try {
            frame = new JsonObject(text);
        } catch (RuntimeException e) {
            return Uni.createFrom().item(error("malformed_json", "Frames must be JSON objects"));
        }
        String type = frame.getString("type", "");
        return switch (type) {
            case "ping" -> Uni.createFrom().item(EventTypes.PONG);
            case "presence" -> presence(connection, frame.getString("status"));
            default -> Uni.createFrom().item(error("unknown_frame", "Unknown frame type: " + type));
        };
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        InboxSession session = connection.userData().get(SESSION);
        if (session != null) {
            inbox.close(session);
            presence.disconnected(session.caller());
        }
    }

    private Uni<String> presence(WebSocketConnection connection, String status) {
        Caller caller = connection.userData().get(SocketAuth.CALLER);
        if (status == null || status.isBlank()) {
            return Uni.createFrom().item(error("invalid_field", "status is required"));
        }
        return agents.setPresence(caller, status)
                .map(agent -> new JsonObject().put("type", "presence.updated").put("status", agent.presence()).encode())
                .onFailure(ApiException.class).recoverWithItem(f -> error(((ApiException) f).error(), f.getMessage()));
    }

    private static String error(String code, String message) {
        return new JsonObject().put("type", "error").put("error", code).put("message", message).encode();
    }

    /** A query parameter of the handshake, URL-decoded, or null. */
    public static String queryParam(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
