package io.switchboard.events;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * Every event is written to {@code pending_event} with its change and deleted once appended. Rows
 * still there a moment after their commit were not appended (Redis down, a crash between commit and
 * append, a failed step): whichever instance gets there first appends them, oldest first, each
 * once ({@link EventStream#appendOnce}). While a workspace has such a backlog, this instance leaves
 * its new events to the relay too, so its clients see them in order.
 */
@ApplicationScoped
public class PendingEvents {

    private static final long RELAY_INTERVAL_MS = 500;
    /** How long the instance that committed an event has to append it before the relay does. */
    private static final String GRACE = "1 second";
    private static final int BATCH = 200;
    private static final long FORGET_INTERVAL_MS = 100;
    private static final int FORGET_BATCH = 2000;
    /** One relay at a time across instances keeps each workspace's order. */
    private static final long RELAY_LOCK = 0x5b_0e7e_17L;

    private final Pool pool;
    private final EventStream stream;
    private final Vertx vertx;
    private final Set<UUID> backlogged = ConcurrentHashMap.newKeySet();
    private final Queue<Appended> appendedNotForgotten = new ConcurrentLinkedQueue<>();
    private volatile boolean running;

    public PendingEvents(Pool pool, EventStream stream, Vertx vertx) {
        this.pool = pool;
        this.stream = stream;
        this.vertx = vertx;
    }

    boolean hasBacklog(UUID workspaceId) {
        return backlogged.contains(workspaceId);
    }

    void backlog(UUID workspaceId) {
        backlogged.add(workspaceId);
    }

    /**
     * The events are in the stream: their rows go, then their markers, in batches a few times a
     * second (one statement for many requests; the relay repeats a failure harmlessly). A relay
     * holding rows locked makes the delete wait for it, so a marker never goes while a relay may
     * still append its event.
     */
    void forget(UUID workspaceId, List<UUID> keys) {
        keys.forEach(key -> appendedNotForgotten.add(new Appended(workspaceId, key)));
    }

    private record Appended(UUID workspaceId, UUID key) {
    }

    private Uni<Void> forgetAppended() {
        List<Appended> batch = new ArrayList<>();
        for (Appended next; batch.size() < FORGET_BATCH && (next = appendedNotForgotten.poll()) != null; ) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<UUID, List<UUID>> byWorkspace = batch.stream().collect(Collectors.groupingBy(Appended::workspaceId, LinkedHashMap::new,
                Collectors.mapping(Appended::key, Collectors.toList())));
        return pool.preparedQuery("delete from pending_event where id = any($1)")
                .execute(Tuple.of(batch.stream().map(Appended::key).toArray(UUID[]::new)))
                .chain(() -> Multi.createFrom().iterable(byWorkspace.entrySet())
                        .onItem().transformToUniAndConcatenate(done -> stream.forgetMarkers(done.getKey(), done.getValue()))
                        .collect().last())
                .replaceWithVoid();
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        Repeat.every(vertx, RELAY_INTERVAL_MS, () -> running, "Relaying pending events", this::relay);
        Repeat.every(vertx, FORGET_INTERVAL_MS, () -> running, "Forgetting appended events", this::forgetAppended);
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
    }

    /** Appends what was left behind, in order, until an append fails; answers how many went out. */
    Uni<Integer> relay() {
        Map<UUID, List<UUID>> appended = new LinkedHashMap<>();
        return pool.withTransaction(connection -> connection.query("select pg_try_advisory_xact_lock(" + RELAY_LOCK + ")").execute()
                        .chain(locked -> !locked.iterator().next().getBoolean(0) ? Uni.createFrom().voidItem()
                                : connection.preparedQuery("""
                                                select id, workspace_id, type, ts, audience_queue, audience_agents, audience_supervisors, data
                                                from pending_event
                                                where created_at < now() - interval '%s' or workspace_id = any($2)
                                                order by seq limit $1
                                                for update skip locked""".formatted(GRACE))
                                .execute(Tuple.of(BATCH, backlogged.toArray(UUID[]::new)))
                                .chain(rows -> {
                                    Map<UUID, List<EventStream.Recorded>> byWorkspace = new LinkedHashMap<>();
                                    rows.forEach(row -> byWorkspace.computeIfAbsent(row.getUUID(1), ws -> new ArrayList<>()).add(recorded(row)));
                                    if (rows.size() < BATCH) {
                                        backlogged.retainAll(byWorkspace.keySet());
                                    }
                                    return relay(connection, new ArrayList<>(byWorkspace.entrySet()), 0, appended);
                                })))
                // Markers are shortened only once the rows' deletion committed, and kept an hour even
                // then: until the committing instance's own append has come and gone, they stop it repeating the event.
                .call(() -> Multi.createFrom().iterable(appended.entrySet())
                        .onItem().transformToUniAndConcatenate(done -> stream.expireRelayedMarkers(done.getKey(), done.getValue())
                                .onFailure().recoverWithNull())
                        .collect().last())
                .map(ignored -> appended.values().stream().mapToInt(List::size).sum());
    }

    private Uni<Void> relay(SqlConnection connection, List<Map.Entry<UUID, List<EventStream.Recorded>>> workspaces, int index,
                            Map<UUID, List<UUID>> appended) {
        if (index == workspaces.size()) {
            return Uni.createFrom().voidItem();
        }
        UUID workspaceId = workspaces.get(index).getKey();
        List<EventStream.Recorded> events = workspaces.get(index).getValue();
        List<UUID> keys = events.stream().map(EventStream.Recorded::key).toList();
        return stream.appendOnce(workspaceId, events)
                .chain(ids -> connection.preparedQuery("delete from pending_event where id = any($1)").execute(Tuple.of(keys.toArray(UUID[]::new))))
                .invoke(() -> {
                    appended.put(workspaceId, keys);
                    Log.infof("Relayed %d pending event(s) of workspace %s", events.size(), workspaceId);
                })
                .onFailure().invoke(failure -> {
                    // This workspace's rest waits for the next round, still in order; the others go on.
                    Log.debugf("Pending events of workspace %s not relayed: %s", workspaceId, failure.toString());
                    backlogged.add(workspaceId);
                })
                .onFailure().recoverWithNull()
                .chain(() -> relay(connection, workspaces, index + 1, appended));
    }

    private static EventStream.Recorded recorded(Row row) {
        String agents = row.getString(5);
        Set<UUID> agentIds = agents.isEmpty() ? Set.of()
                : Arrays.stream(agents.split(",")).map(UUID::fromString).collect(Collectors.toSet());
        return new EventStream.Recorded(row.getUUID(0), row.getString(2), row.getString(3),
                new Audience(row.getUUID(4), agentIds, row.getBoolean(6)), row.getString(7));
    }
}
