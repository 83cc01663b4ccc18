package io.switchboard.wallboard;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.events.EventTypes;
import io.switchboard.realtime.InboxSession;
import io.switchboard.realtime.InboxSocket;
import io.switchboard.realtime.LiveInbox;
import io.switchboard.realtime.SocketAuth;
import io.switchboard.events.StoredEvent;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.Json;
import jakarta.annotation.security.RolesAllowed;

import java.util.UUID;

/**
 * {@code GET /ws/wallboard?queueId=...} (supervisors and admins, R20): queue.stats of that queue and
 * agent.presence, starting with the current figures.
 */
@RolesAllowed({"SUPERVISOR", "ADMIN"})
@WebSocket(path = "/ws/wallboard")
public class WallboardSocket {

    private static final TypedKey<InboxSession> SESSION = new TypedKey<>("wallboard-session");

    private final LiveInbox inbox;
    private final QueueStatsService stats;

    public WallboardSocket(LiveInbox inbox, QueueStatsService stats) {
        this.inbox = inbox;
        this.stats = stats;
    }

    @OnOpen
    public Uni<Void> open(WebSocketConnection connection) {
        Caller caller = connection.userData().get(SocketAuth.CALLER);
        UUID queueId;
        try {
            queueId = UUID.fromString(InboxSocket.queryParam(connection.handshakeRequest().query(), "queueId"));
        } catch (RuntimeException e) {
            return connection.close(new CloseReason(1008, "queueId is required"));
        }
        String queue = queueId.toString();
        return stats.forCaller(caller, queueId)
                .chain(snapshot -> inbox.open(connection, caller, null, event -> wanted(event, queue))
                        .invoke(session -> connection.userData().put(SESSION, session))
                        .chain(session -> connection.sendText(new JsonObject().put("type", EventTypes.QUEUE_STATS)
                                .put("data", new JsonObject(Json.encode(snapshot))).encode())))
                .onFailure().recoverWithUni(failure -> connection.close(new CloseReason(1008, "unknown queue")));
    }

    @OnTextMessage
    public String message(String text) {
        return text.contains("\"ping\"") ? EventTypes.PONG : null;
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        InboxSession session = connection.userData().get(SESSION);
        if (session != null) {
            inbox.close(session);
        }
    }

    private static boolean wanted(StoredEvent event, String queueId) {
        if (EventTypes.AGENT_PRESENCE.equals(event.type())) {
            return true;
        }
        return EventTypes.QUEUE_STATS.equals(event.type()) && queueId.equals(new JsonObject(event.dataJson()).getString("queueId"));
    }
}
