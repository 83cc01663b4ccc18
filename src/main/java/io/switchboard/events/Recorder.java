package io.switchboard.events;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * The events of one transaction. {@link #record} writes each into {@code pending_event} inside the
 * transaction of the change it describes, so an event exists exactly when its change committed;
 * {@link #relay} then appends them to the live stream at once. Whatever is not appended then (Redis
 * down, a crash, a failed step after the commit) is appended by {@link PendingEvents}, once.
 */
public final class Recorder {

    private static final String INSERT = """
            insert into pending_event (id, workspace_id, type, ts, audience_queue, audience_agents, audience_supervisors, data)
            values """;
    private static final int COLUMNS = 8;

    private final EventPublisher publisher;
    private final List<Pending> recorded = new ArrayList<>();

    Recorder(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /** An event written with its change, with what it will be appended as. */
    record Pending(LiveEvent event, EventStream.Recorded stored) {
    }

    /** Records the events, in this order, in the current Panache transaction (one statement). */
    public Uni<Void> record(LiveEvent... events) {
        List<Pending> pending = Arrays.stream(events).map(this::pending).toList();
        List<Object> values = values(pending);
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(INSERT + placeholders(pending.size(), i -> ":p" + i));
            for (int i = 0; i < values.size(); i++) {
                query.setParameter("p" + i, values.get(i));
            }
            return query.executeUpdate();
        }).invoke(() -> recorded.addAll(pending)).replaceWithVoid();
    }

    /** Records the events, in this order, in a transaction of the reactive SQL client (one statement). */
    public Uni<Void> record(SqlClient transaction, LiveEvent... events) {
        List<Pending> pending = Arrays.stream(events).map(this::pending).toList();
        return transaction.preparedQuery(INSERT + placeholders(pending.size(), i -> "$" + (i + 1)))
                .execute(Tuple.from(values(pending)))
                .invoke(() -> recorded.addAll(pending)).replaceWithVoid();
    }

    /** "(a, b, ...), (...)" for {@code rows} rows of {@link #COLUMNS} parameters named by {@code name}. */
    private static String placeholders(int rows, IntFunction<String> name) {
        StringBuilder sql = new StringBuilder();
        for (int row = 0; row < rows; row++) {
            sql.append(row == 0 ? "(" : ", (");
            for (int column = 0; column < COLUMNS; column++) {
                sql.append(column == 0 ? "" : ", ").append(name.apply(row * COLUMNS + column));
            }
            sql.append(')');
        }
        return sql.toString();
    }

    /** After the commit: tells local observers, then appends what was recorded; never fails. */
    public Uni<Void> relay() {
        return publisher.relay(List.copyOf(recorded));
    }

    private Pending pending(LiveEvent event) {
        return new Pending(event, new EventStream.Recorded(UUID.randomUUID(), event.type(), Instant.now().toString(),
                event.audience(), publisher.encode(event)));
    }

    private static List<Object> values(List<Pending> pending) {
        List<Object> values = new ArrayList<>();
        for (Pending one : pending) {
            EventStream.Recorded stored = one.stored();
            values.addAll(Arrays.asList(stored.key(), one.event().workspaceId(), stored.type(), stored.ts(), stored.audience().queueId(),
                    EventStream.agentsField(stored.audience()), stored.audience().supervisors(), stored.dataJson()));
        }
        return values;
    }
}
