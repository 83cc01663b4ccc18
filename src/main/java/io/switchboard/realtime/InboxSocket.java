package io.switchboard.realtime;

import io.switchboard.events.EventTypes;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.common.ApiException;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.workspace.AgentService;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.security.RolesAllowed;

import java.util.List;

/**
 * {@code GET /ws/inbox}: the agent's live stream. Any signed-in role may open it ({@link SocketAuth} adds revocation and drain);
 * {@code ?lastEventId=} resumes after that event.
 */
@RolesAllowed("**")
@WebSocket(path = "/ws/inbox")
public class InboxSocket {

    private static final TypedKey<InboxSession> SESSION = new TypedKey<>("inbox-session");
    private static final TypedKey<FrameBudget> BUDGET = new TypedKey<>("frame-budget");
    private static final int POLICY_VIOLATION = 1008;
    private static final int MESSAGE_TOO_BIG = 1009;

    private final LiveInbox inbox;
    private final AgentService agents;
    private final PresenceTracker presence;
    private final SwitchboardConfig.Events config;
    private final Collision collision;

    public InboxSocket(LiveInbox inbox, AgentService agents, PresenceTracker presence, SwitchboardConfig config, Collision collision) {
        this.inbox = inbox;
        this.collision = collision;
        this.agents = agents;
        this.presence = presence;
        this.config = config.events();
    }

    @OnOpen
    public Uni<Void> open(WebSocketConnection connection) {
        Caller caller = connection.userData().get(SocketAuth.CALLER);
        String lastEventId = queryParam(connection.handshakeRequest().query(), "lastEventId");
        connection.userData().put(BUDGET, new FrameBudget(config.clientFramesPerSecond(), 2.0 * config.clientFramesPerSecond(), System.nanoTime()));
        return presence.openSockets(caller).chain(open -> {
            if (open >= config.maxSocketsPerUser()) {
                // The new socket is refused, the ones in use keep working: close the others to connect here.
                return connection.close(new CloseReason(POLICY_VIOLATION,
                        "too many sockets: at most " + config.maxSocketsPerUser() + " per user"));
            }
            return inbox.open(connection, caller, lastEventId)
                    .invoke(session -> connection.userData().put(SESSION, session))
                    .invoke(() -> presence.connected(caller))
                    .replaceWithVoid();
        });
    }

    @OnTextMessage
    public Uni<Void> message(String text, WebSocketConnection connection) {
        FrameBudget budget = connection.userData().get(BUDGET);
        if (budget != null && !budget.take(System.nanoTime())) {
            return connection.close(new CloseReason(POLICY_VIOLATION, "too many frames: at most "
                    + config.clientFramesPerSecond() + " per second"));
        }
        return answer(text, connection).chain(reply -> reply == null ? Uni.createFrom().voidItem() : connection.sendText(reply));
    }

    /** The reply to a client frame, or null for none (R25's frames are answered by conversation.viewers, if anything). */
    private Uni<String> answer(String text, WebSocketConnection connection) {
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
            case "viewing", "typing", "left" -> collision.frame(connection, connection.userData().get(SocketAuth.CALLER), frame);
            default -> Uni.createFrom().item(error("unknown_frame", "Unknown frame type: " + type));
        };
    }

    /** A client frame over quarkus.websockets-next.server.max-message-size: close 1009, one log line. */
    @OnError
    public Uni<Void> tooBig(IllegalStateException failure, WebSocketConnection connection) {
        if (!String.valueOf(failure.getMessage()).contains("max message size")) {
            Log.warnf("Inbox socket %s failed: %s", connection.id(), failure.toString());
            return connection.close(new CloseReason(1011, "internal error"));
        }
        Log.infof("Inbox socket %s sent an oversized frame: closed (1009)", connection.id());
        return connection.close(new CloseReason(MESSAGE_TOO_BIG, "frame too big"));
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        InboxSession session = connection.userData().get(SESSION);
        if (session != null) {
            inbox.close(session);
            presence.disconnected(session.caller());
            collision.closed(connection, session.caller());
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

    static String error(String code, String message) {
        return new JsonObject().put("type", "error").put("error", code).put("message", message).encode();
    }

    /** A query parameter of the handshake, URL-decoded (Netty's decoder), or null. */
    public static String queryParam(String query, String name) {
        if (query == null) {
            return null;
        }
        List<String> values = new QueryStringDecoder(query, false).parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
