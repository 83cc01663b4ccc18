package io.switchboard.realtime;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.Repeat;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Events whose change committed but whose append to Redis failed are parked in PostgreSQL
 * ({@code pending_event}) and relayed by whichever instance gets there first, oldest first, each
 * appended once ({@link EventStream#appendOnce}). While a workspace has parked events, this
 * instance parks its new ones behind them, so its clients see them in order.
 */
@ApplicationScoped
public class PendingEvents {

    private static final long RELAY_INTERVAL_MS = 500;
    private static final int BATCH = 200;
    /** One relay at a time across instances keeps each workspace's order. */
    private static final long RELAY_LOCK = 0x5b_0e7e_17L;

    private final Pool pool;
    private final EventStream stream;
    private final Vertx vertx;
    private final Set<UUID> parkedWorkspaces = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    public PendingEvents(Pool pool, EventStream stream, Vertx vertx) {
        this.pool = pool;
        this.stream = stream;
        this.vertx = vertx;
    }

    /** A parked event as it will be appended. */
    record Parked(UUID id, UUID workspaceId, String type, String ts, Audience audience, String dataJson) {
    }

    boolean hasParked(UUID workspaceId) {
        return parkedWorkspaces.contains(workspaceId);
    }

    Uni<Void> park(UUID workspaceId, String type, String ts, Audience audience, String dataJson) {
        parkedWorkspaces.add(workspaceId);
        return pool.preparedQuery("""
                        insert into pending_event (id, workspace_id, type, ts, audience_queue, audience_agents, audience_supervisors, data)
                        values ($1, $2, $3, $4, $5, $6, $7, $8)""")
                .execute(Tuple.from(Arrays.asList(UUID.randomUUID(), workspaceId, type, ts, audience.queueId(),
                        EventStream.agentsField(audience), audience.supervisors(), dataJson)))
                .replaceWithVoid();
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        Repeat.every(vertx, RELAY_INTERVAL_MS, () -> running, "Relaying parked events", this::relay);
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
    }

    /** Relays what is parked, in order, until one append fails; answers how many went out. */
    Uni<Integer> relay() {
        return pool.withTransaction(connection -> connection.query("select pg_try_advisory_xact_lock(" + RELAY_LOCK + ")").execute()
                .chain(locked -> !locked.iterator().next().getBoolean(0) ? Uni.createFrom().item(0)
                        : connection.preparedQuery("""
                                        select id, workspace_id, type, ts, audience_queue, audience_agents, audience_supervisors, data
                                        from pending_event order by seq limit $1""")
                                .execute(Tuple.of(BATCH))
                                .chain(rows -> {
                                    List<Parked> parked = new ArrayList<>();
                                    rows.forEach(row -> parked.add(parked(row)));
                                    if (parked.isEmpty()) {
                                        parkedWorkspaces.clear();
                                    }
                                    return relay(connection, parked, 0);
                                })));
    }

    private Uni<Integer> relay(SqlConnection connection, List<Parked> parked, int done) {
        if (done == parked.size()) {
            return Uni.createFrom().item(done);
        }
        Parked event = parked.get(done);
        return stream.appendOnce(event.workspaceId(), event.id(), event.type(), event.ts(), event.audience(), event.dataJson())
                .chain(id -> connection.preparedQuery("delete from pending_event where id = $1").execute(Tuple.of(event.id())))
                .invoke(() -> Log.infof("Parked event %s (%s) relayed to workspace %s", event.id(), event.type(), event.workspaceId()))
                .chain(() -> relay(connection, parked, done + 1))
                // Keep what went out; the rest waits for the next round, still in order.
                .onFailure().recoverWithItem(done);
    }

    private static Parked parked(Row row) {
        String agents = row.getString(5);
        Set<UUID> agentIds = agents.isEmpty() ? Set.of()
                : Arrays.stream(agents.split(",")).map(UUID::fromString).collect(Collectors.toSet());
        return new Parked(row.getUUID(0), row.getUUID(1), row.getString(2), row.getString(3),
                new Audience(row.getUUID(4), agentIds, row.getBoolean(6)), row.getString(7));
    }
}
