package io.switchboard.realtime;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The events of one transaction. {@link #record} writes each into {@code pending_event} inside the
 * transaction of the change it describes, so an event exists exactly when its change committed;
 * {@link #relay} then appends them to the live stream at once. Whatever is not appended then (Redis
 * down, a crash, a failed step after the commit) is appended by {@link PendingEvents}, once.
 */
public final class Recorder {

    private static final String INSERT = """
            insert into pending_event (id, workspace_id, type, ts, audience_queue, audience_agents, audience_supervisors, data)
            values (%s)""";

    private final EventPublisher publisher;
    private final List<Pending> recorded = new ArrayList<>();

    Recorder(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /** An event written with its change, with what it will be appended as. */
    record Pending(LiveEvent event, EventStream.Recorded stored) {
    }

    /** Records the event in the current Panache transaction. */
    public Uni<Void> record(LiveEvent event) {
        Pending pending = pending(event);
        List<Object> values = values(pending);
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(INSERT.formatted(":p0, :p1, :p2, :p3, :p4, :p5, :p6, :p7"));
            for (int i = 0; i < values.size(); i++) {
                query.setParameter("p" + i, values.get(i));
            }
            return query.executeUpdate();
        }).invoke(() -> recorded.add(pending)).replaceWithVoid();
    }

    /** Records the event in a transaction of the reactive SQL client (the delivery pipeline's). */
    public Uni<Void> record(SqlClient transaction, LiveEvent event) {
        Pending pending = pending(event);
        return transaction.preparedQuery(INSERT.formatted("$1, $2, $3, $4, $5, $6, $7, $8"))
                .execute(Tuple.from(values(pending)))
                .invoke(() -> recorded.add(pending)).replaceWithVoid();
    }

    /** After the commit: tells local observers, then appends what was recorded; never fails. */
    public Uni<Void> relay() {
        return publisher.relay(List.copyOf(recorded));
    }

    private Pending pending(LiveEvent event) {
        return new Pending(event, new EventStream.Recorded(UUID.randomUUID(), event.type(), Instant.now().toString(),
                event.audience(), publisher.encode(event)));
    }

    private static List<Object> values(Pending pending) {
        EventStream.Recorded stored = pending.stored();
        return Arrays.asList(stored.key(), pending.event().workspaceId(), stored.type(), stored.ts(), stored.audience().queueId(),
                EventStream.agentsField(stored.audience()), stored.audience().supervisors(), stored.dataJson());
    }
}
