package io.switchboard.realtime;

import io.switchboard.events.EventStream;
import io.switchboard.events.StoredEvent;
import io.switchboard.common.RedisKeys;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.SwitchboardConfig;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads, on every instance, the streams of the workspaces that have sessions here, and hands each
 * event to the registry for routing. On a single Redis one blocking XREAD covers all of them; a
 * private "wake" stream interrupts it when a workspace starts being read. On a Redis Cluster one
 * XREAD may not span hash slots, so each workspace's stream is read by a blocking XREAD of its own
 * (each holds a pooled connection while it waits: size {@code quarkus.redis.max-pool-size} above
 * the number of workspaces with sessions on one instance).
 */
@ApplicationScoped
public class StreamReader {

    private static final int BATCH = 1000;

    private final EventStream stream;
    private final SessionRegistry registry;
    private final Vertx vertx;
    private final Duration block;
    private final boolean perWorkspace;
    private final String wakeKey = RedisKeys.wake(UUID.randomUUID().toString());
    /** Workspace → id of the last event read from its stream. */
    private final Map<UUID, String> cursors = new ConcurrentHashMap<>();
    private volatile boolean running;

    public StreamReader(EventStream stream, SessionRegistry registry, Vertx vertx, SwitchboardConfig config,
                        @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType) {
        this.stream = stream;
        this.registry = registry;
        this.vertx = vertx;
        this.block = config.events().readBlock();
        this.perWorkspace = "cluster".equalsIgnoreCase(clientType);
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        if (!perWorkspace) {
            readNext();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
    }

    /**
     * Makes this instance read the workspace's stream, from no later than its present end, so that
     * a session which registers first and then replays the past misses nothing in between.
     */
    Uni<Void> track(UUID workspaceId) {
        if (cursors.containsKey(workspaceId)) {
            return Uni.createFrom().voidItem();
        }
        if (perWorkspace) {
            return stream.lastId(workspaceId).invoke(last -> {
                if (cursors.putIfAbsent(workspaceId, last.toString()) == null) {
                    readNext(workspaceId);
                }
            }).replaceWithVoid();
        }
        return stream.lastId(workspaceId)
                .invoke(last -> cursors.putIfAbsent(workspaceId, last.toString()))
                .chain(() -> stream.poke(wakeKey));
    }

    /** One workspace's own read loop (Redis Cluster); it ends, forgetting its cursor, when the workspace's last session went. */
    private void readNext(UUID workspaceId) {
        String cursor = cursors.computeIfPresent(workspaceId, (id, last) -> registry.hasSessions(workspaceId) ? last : null);
        if (!running || cursor == null) {
            return;
        }
        stream.read(Map.of(EventStream.key(workspaceId), cursor), block, BATCH).subscribe().with(messages -> {
            dispatch(messages);
            readNext(workspaceId);
        }, failure -> {
            if (running) {
                Log.warnf("Reading the event stream of workspace %s failed (%s); retrying in 1 s", workspaceId, failure.toString());
                vertx.setTimer(1000, id -> readNext(workspaceId));
            }
        });
    }

    private void dispatch(List<StreamMessage<String, String, String>> messages) {
        for (var message : messages) {
            if (!wakeKey.equals(message.key())) {
                StoredEvent event = EventStream.decode(message);
                cursors.computeIfPresent(event.workspaceId(), (id, old) -> message.id());
                registry.dispatch(event);
            }
        }
    }

    private void readNext() {
        if (!running) {
            return;
        }
        cursors.keySet().removeIf(workspaceId -> !registry.hasSessions(workspaceId));
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(wakeKey, "$");
        cursors.forEach((workspaceId, id) -> keys.put(EventStream.key(workspaceId), id));
        stream.read(keys, block, BATCH).subscribe().with(messages -> {
            dispatch(messages);
            readNext();
        }, failure -> {
            if (running) {
                Log.warnf("Reading the event streams failed (%s); retrying in 1 s", failure.toString());
                vertx.setTimer(1000, id -> readNext());
            }
        });
    }
}
