package io.switchboard.wallboard;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.common.ApiException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Computes wallboard figures from PostgreSQL, the record, so every instance reports the same
 * numbers whichever one a supervisor is connected to.
 */
@ApplicationScoped
public class QueueStatsService {

    private final Pool pool;

    public QueueStatsService(Pool pool) {
        this.pool = pool;
    }

    public Uni<QueueStats> forCaller(Caller caller, UUID queueId) {
        return pool.preparedQuery("select 1 from inbox_queue where id = $1 and workspace_id = $2")
                .execute(Tuple.of(queueId, caller.workspaceId()))
                .chain(found -> {
                    if (found.rowCount() == 0) {
                        throw ApiException.notFound("Queue");
                    }
                    return compute(queueId);
                });
    }

    public Uni<QueueStats> compute(UUID queueId) {
        OffsetDateTime today = LocalDate.now(ZoneOffset.UTC).atStartOfDay().atOffset(ZoneOffset.UTC);
        return pool.preparedQuery("""
                        select count(*) filter (where owner_id is null and status <> 'CLOSED'),
                               count(*) filter (where owner_id is not null and status <> 'CLOSED'),
                               extract(epoch from now() - min(created_at) filter (where owner_id is null and status <> 'CLOSED'))::bigint,
                               count(*) filter (where claimed_at >= $2),
                               count(*) filter (where closed_at >= $2),
                               percentile_cont(0.5) within group (order by extract(epoch from claimed_at - created_at))
                                   filter (where claimed_at >= $2),
                               queue_wait_estimate($1, count(*) filter (where owner_id is null and status <> 'CLOSED') + 1),
                               count(*) filter (where status <> 'CLOSED'
                                   and sla_state(created_at, first_response_due_at, first_response_at) = 'at_risk'),
                               count(*) filter (where status <> 'CLOSED'
                                   and sla_state(created_at, first_response_due_at, first_response_at) = 'breached'),
                               count(*) filter (where survey_sent_at >= $2),
                               (count(*) filter (where survey_sent_at >= $2 and survey_rating is not null))::float8
                                   / nullif(count(*) filter (where survey_sent_at >= $2), 0),
                               round(avg(survey_rating) filter (where survey_sent_at >= $2), 2)::float8
                        from conversation where queue_id = $1""")
                .execute(Tuple.of(queueId, today))
                .chain(rows -> {
                    Row r = rows.iterator().next();
                    return agentsByPresence(queueId).map(presence -> new QueueStats(queueId, r.getLong(0), r.getLong(1),
                            r.getLong(2), presence, r.getLong(3), r.getLong(4), r.getDouble(5), r.getInteger(6), r.getLong(7), r.getLong(8),
                            r.getLong(9), r.getDouble(10), r.getDouble(11)));
                });
    }

    private Uni<Map<String, Long>> agentsByPresence(UUID queueId) {
        return pool.preparedQuery("""
                        select a.presence, count(*) from queue_member m join agent a on a.id = m.agent_id
                        where m.queue_id = $1 group by a.presence order by a.presence""")
                .execute(Tuple.of(queueId))
                .map(rows -> {
                    Map<String, Long> byPresence = new LinkedHashMap<>();
                    rows.forEach(row -> byPresence.put(row.getString(0), row.getLong(1)));
                    return byPresence;
                });
    }
}
