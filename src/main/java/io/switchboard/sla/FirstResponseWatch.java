package io.switchboard.sla;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.Repeat;
import io.switchboard.events.EventPublisher;
import io.switchboard.events.WorkspaceRecorders;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.List;

/**
 * R27: pushes {@code conversation.sla} when an unanswered conversation crosses 80 % and 100 % of its
 * first-response target. Every instance looks each second; one conditional update claims each
 * crossing ({@code sla_announced}), and the events are written in its transaction, so each crossing
 * is pushed exactly once whichever instance sees it, and none is lost when one dies.
 */
@ApplicationScoped
public class FirstResponseWatch {

    private static final long CHECK_MILLIS = 1000;

    /** $1: the crossing to announce. A conversation already past due is told breached only. */
    private static final String CROSSED = """
            update conversation c set sla_announced = $1
            where c.first_response_at is null and c.first_response_due_at is not null and c.status <> 'CLOSED'
              and sla_state(c.created_at, c.first_response_due_at, null) = $1
              and (c.sla_announced is null or ($1 = 'breached' and c.sla_announced = 'at_risk'))
            returning c.id, c.workspace_id, c.queue_id, c.owner_id, c.first_response_due_at""";

    private final Pool pool;
    private final EventPublisher events;
    private final Vertx vertx;
    private volatile boolean running;

    public FirstResponseWatch(Pool pool, EventPublisher events, Vertx vertx) {
        this.pool = pool;
        this.events = events;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        Repeat.every(vertx, CHECK_MILLIS, () -> running, "First-response SLA check", this::check);
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
    }

    /** Announces the crossings due now; answers how many. */
    Uni<Integer> check() {
        WorkspaceRecorders recorders = events.recorders();
        return pool.withTransaction(tx -> announce(tx, "breached", recorders).chain(breached -> announce(tx, "at_risk", recorders)
                        .map(atRisk -> breached + atRisk)))
                .call(recorders::relay);
    }

    private Uni<Integer> announce(SqlConnection tx, String state, WorkspaceRecorders recorders) {
        return tx.preparedQuery(CROSSED).execute(Tuple.of(state)).chain(rows -> {
            List<SlaCrossed> crossed = new ArrayList<>();
            rows.forEach(row -> crossed.add(crossed(row, state)));
            return recorders.record(tx, crossed).replaceWith(crossed.size());
        });
    }

    private static SlaCrossed crossed(Row row, String state) {
        return new SlaCrossed(row.getUUID(1), row.getUUID(0), row.getUUID(2), row.getUUID(3), state,
                row.getOffsetDateTime(4).toInstant());
    }
}
