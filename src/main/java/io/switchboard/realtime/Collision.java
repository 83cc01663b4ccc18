package io.switchboard.realtime;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.common.ApiException;
import io.switchboard.common.RedisKeys;
import io.switchboard.conversation.ConversationAccess;
import io.switchboard.conversation.ConversationViewers;
import io.switchboard.conversation.ConversationViewers.Activity;
import io.switchboard.conversation.ConversationViewers.Viewer;
import io.switchboard.events.Audience;
import io.switchboard.workspace.Agent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * R25, who is here: the {@code viewing}, {@code typing} and {@code left} frames of inbox sockets
 * become {@code conversation.viewers} frames for the other sessions that may see the conversation,
 * on every instance (Redis Pub/Sub: ephemeral, never in the stream, never replayed, {@code id}
 * null). A client repeats {@code viewing} while it shows a conversation; one that vanishes
 * lapses after {@link ConversationViewers#TTL_MILLIS} and the next change of that conversation
 * tells the others. A socket that closes leaves what it was viewing at once.
 */
@ApplicationScoped
public class Collision {

    static final String VIEWERS = "conversation.viewers";

    /** The same activity in the same conversation is taken at most this often per socket. */
    private static final long REPEAT_NANOS = 1_000_000_000L;
    private static final long RESUBSCRIBE_MILLIS = 2_000;

    /** What a socket is viewing: when it last said so and what, and the conversation's audience then. */
    private record Viewing(long atNanos, Activity activity, Audience audience) {
    }

    private static final TypedKey<Map<UUID, Viewing>> VIEWING = new TypedKey<>("viewing");
    private static final TypedKey<String> DISPLAY_NAME = new TypedKey<>("display-name");

    private final ConversationViewers viewers;
    private final ReactivePubSubCommands<String> pubsub;
    private final SessionRegistry registry;
    private final Vertx vertx;
    private volatile boolean running;

    public Collision(ConversationViewers viewers, ReactiveRedisDataSource redis, SessionRegistry registry, Vertx vertx) {
        this.viewers = viewers;
        this.pubsub = redis.pubsub(String.class);
        this.registry = registry;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        subscribe();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
    }

    /** Listens on the channel; when the subscription ends (Redis restarted, connection lost) it listens again. */
    private void subscribe() {
        if (!running) {
            return;
        }
        pubsub.subscribe(RedisKeys.viewersChannel(), this::heard, this::resubscribeLater,
                        failure -> resubscribeLater())
                .subscribe().with(subscribed -> Log.debug("Listening for viewers"), failure -> {
                    Log.debugf("Could not listen for viewers: %s", failure.toString());
                    resubscribeLater();
                });
    }

    private void resubscribeLater() {
        if (running) {
            vertx.setTimer(RESUBSCRIBE_MILLIS, id -> subscribe());
        }
    }

    /** A client frame; answers an error frame for the client, or null. */
    Uni<String> frame(WebSocketConnection connection, Caller caller, JsonObject frame) {
        UUID conversationId;
        try {
            conversationId = UUID.fromString(frame.getString("conversationId", ""));
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(InboxSocket.error("invalid_field", "conversationId must be a conversation id"));
        }
        Activity activity;
        switch (frame.getString("type")) {
            case "viewing" -> activity = Activity.VIEWING;
            case "typing" -> {
                String kind = frame.getString("kind", "reply");
                if (!"reply".equals(kind) && !"note".equals(kind)) {
                    return Uni.createFrom().item(InboxSocket.error("invalid_field", "kind must be reply or note"));
                }
                activity = "reply".equals(kind) ? Activity.REPLY : Activity.NOTE;
            }
            default -> activity = null;
        }
        Map<UUID, Viewing> mine = connection.userData().get(VIEWING);
        if (mine == null) {
            mine = new ConcurrentHashMap<>();
            connection.userData().put(VIEWING, mine);
        }
        Viewing last = mine.get(conversationId);
        long now = System.nanoTime();
        if (last != null && last.activity() == activity && now - last.atNanos() < REPEAT_NANOS) {
            return Uni.createFrom().nullItem(); // said a moment ago: nothing changes, nothing to check
        }
        if (activity == null) {
            mine.remove(conversationId);
            return last == null ? Uni.createFrom().nullItem() : change(caller, conversationId, displayName(connection), null, last.audience());
        }
        Map<UUID, Viewing> tracked = mine;
        return Panache.withSession(() -> ConversationAccess.visible(caller, conversationId).chain(conversation -> displayNameOf(connection, caller)
                        .map(name -> conversation.isClosed() ? null
                                : new Viewing(now, activity, Audience.conversation(conversation.queueId, conversation.ownerId)))))
                .chain(viewing -> {
                    if (viewing == null) {
                        return Uni.createFrom().<String>nullItem();
                    }
                    tracked.put(conversationId, viewing);
                    return change(caller, conversationId, displayName(connection), activity, viewing.audience());
                })
                .onFailure(ApiException.class).recoverWithItem(f -> InboxSocket.error(((ApiException) f).error(), f.getMessage()));
    }

    /** The socket closed: it leaves every conversation it was viewing. */
    void closed(WebSocketConnection connection, Caller caller) {
        Map<UUID, Viewing> mine = connection.userData().get(VIEWING);
        if (mine == null) {
            return;
        }
        mine.forEach((conversationId, viewing) -> change(caller, conversationId, displayName(connection), null, viewing.audience())
                .subscribe().with(ignored -> { }, failure -> Log.debugf("Leaving %s failed: %s", conversationId, failure.toString())));
    }

    private Uni<String> change(Caller caller, UUID conversationId, String name, Activity activity, Audience audience) {
        return viewers.update(caller.workspaceId(), conversationId, caller.agentId(), name, activity)
                .chain(changed -> changed.isEmpty() ? Uni.createFrom().voidItem()
                        : pubsub.publish(RedisKeys.viewersChannel(), announcement(caller.workspaceId(), conversationId, audience, changed.get())))
                .replaceWith((String) null);
    }

    private static String announcement(UUID workspaceId, UUID conversationId, Audience audience, List<Viewer> now) {
        JsonArray list = new JsonArray();
        now.forEach(viewer -> list.add(new JsonObject().put("agentId", viewer.agentId().toString())
                .put("displayName", viewer.displayName()).put("typing", viewer.typing())));
        return new JsonObject().put("workspaceId", workspaceId.toString()).put("conversationId", conversationId.toString())
                .put("queueId", audience.queueId() == null ? null : audience.queueId().toString())
                .put("agentIds", new JsonArray(audience.agentIds().stream().map(UUID::toString).toList()))
                .put("viewers", list).encode();
    }

    /** Heard on the channel (from any instance): the frame for the local sessions that may see the conversation. */
    private void heard(String message) {
        try {
            JsonObject heard = new JsonObject(message);
            String queue = heard.getString("queueId");
            Audience audience = new Audience(queue == null ? null : UUID.fromString(queue),
                    heard.getJsonArray("agentIds").stream().map(id -> UUID.fromString(id.toString())).collect(Collectors.toSet()),
                    true);
            String frame = new JsonObject().putNull("id").put("type", VIEWERS).put("ts", Instant.now().toString())
                    .put("data", new JsonObject().put("conversationId", heard.getString("conversationId"))
                            .put("viewers", heard.getJsonArray("viewers"))).encode();
            registry.sendEphemeral(UUID.fromString(heard.getString("workspaceId")), audience, frame);
        } catch (RuntimeException e) {
            Log.warnf("Ignored a malformed viewers message: %s", e.toString());
        }
    }

    private static String displayName(WebSocketConnection connection) {
        return connection.userData().get(DISPLAY_NAME);
    }

    private static Uni<String> displayNameOf(WebSocketConnection connection, Caller caller) {
        String known = connection.userData().get(DISPLAY_NAME);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return Agent.<Agent>findById(caller.agentId()).map(agent -> {
            String name = agent == null || agent.displayName == null ? caller.username() : agent.displayName;
            connection.userData().put(DISPLAY_NAME, name);
            return name;
        });
    }
}
