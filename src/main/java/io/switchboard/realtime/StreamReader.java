package io.switchboard.realtime;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.SwitchboardConfig;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads, on every instance, the streams of the workspaces that have sessions here, and hands each
 * event to the registry for routing. One blocking XREAD covers all of them; a private "wake"
 * stream interrupts it when a workspace starts being read.
 */
@ApplicationScoped
public class StreamReader {

    private static final int BATCH = 1000;

    private final EventStream stream;
    private final SessionRegistry registry;
    private final Vertx vertx;
    private final Duration block;
    private final String wakeKey = "sb:wake:" + UUID.randomUUID();
    /** Workspace → id of the last event read from its stream. */
    private final Map<UUID, String> cursors = new ConcurrentHashMap<>();
    private volatile boolean running;

    public StreamReader(EventStream stream, SessionRegistry registry, Vertx vertx, SwitchboardConfig config) {
        this.stream = stream;
        this.registry = registry;
        this.vertx = vertx;
        this.block = config.events().readBlock();
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        readNext();
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
        return stream.lastId(workspaceId)
                .invoke(last -> cursors.putIfAbsent(workspaceId, last.toString()))
                .chain(() -> stream.poke(wakeKey));
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
            for (var message : messages) {
                if (!wakeKey.equals(message.key())) {
                    StoredEvent event = EventStream.decode(message);
                    cursors.computeIfPresent(event.workspaceId(), (id, old) -> message.id());
                    registry.dispatch(event);
                }
            }
            readNext();
        }, failure -> {
            if (running) {
                Log.warnf("Reading the event streams failed (%s); retrying in 1 s", failure.toString());
                vertx.setTimer(1000, id -> readNext());
            }
        });
    }
}
