package io.switchboard.report;

import io.smallrye.mutiny.Uni;
import io.switchboard.common.ApiException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * #21: per agent and per queue figures for a range of days in the workspace's time zone, computed
 * in PostgreSQL in one statement each (percentiles by {@code percentile_cont}) from the
 * conversations closed in the range, which an index on (workspace, closed_at) finds.
 */
@ApplicationScoped
public class Reports {

    /** A year and a day: longer ranges are for an export job, not a request. */
    static final long LONGEST_DAYS = 366;

    public enum Subject { AGENTS, QUEUES }

    public record Report(LocalDate from, LocalDate to, String timeZone, List<ReportRow> rows) {
    }

    /** The closed conversations of the range, with the measures each contributes. $1 workspace, $2 first day, $3 last day. */
    private static final String HANDLED = """
            with range as (
                select ($2::date)::timestamp at time zone w.time_zone as start,
                       ($3::date + 1)::timestamp at time zone w.time_zone as stop
                from workspace w where w.id = $1),
            handled as (
                select c.last_owner_id as agent_id, c.queue_id,
                       extract(epoch from c.first_response_at - c.created_at) as first_response,
                       extract(epoch from c.closed_at - coalesce(c.claimed_at, c.created_at)) as handle,
                       c.first_response_due_at as due, c.first_response_at as answered,
                       c.survey_sent_at as surveyed, c.survey_rating as rating
                from conversation c, range r
                where c.workspace_id = $1 and c.status = 'CLOSED' and c.closed_at >= r.start and c.closed_at < r.stop)
            """;

    private static final String MEASURES = """
            count(h.handle),
            round(percentile_cont(0.5) within group (order by h.first_response))::bigint,
            round(percentile_cont(0.9) within group (order by h.first_response))::bigint,
            round(percentile_cont(0.5) within group (order by h.handle))::bigint,
            round(percentile_cont(0.9) within group (order by h.handle))::bigint,
            round(100.0 * count(*) filter (where h.answered <= h.due) / nullif(count(h.due), 0), 1)::float8,
            count(h.surveyed), count(h.rating), round(avg(h.rating), 2)::float8
            """;

    private static final String BY_AGENT = HANDLED + """
            select a.id, coalesce(a.display_name, a.username), """ + MEASURES + """
            from agent a left join handled h on h.agent_id = a.id
            where a.workspace_id = $1
            group by a.id, a.username, a.display_name, a.role
            having a.role = 'AGENT' or count(h.handle) > 0
            order by lower(coalesce(a.display_name, a.username)), a.id""";

    private static final String BY_QUEUE = HANDLED + """
            select q.id, q.name, """ + MEASURES + """
            from inbox_queue q left join handled h on h.queue_id = q.id
            where q.workspace_id = $1
            group by q.id, q.name
            order by lower(q.name), q.id""";

    private final Pool pool;

    public Reports(Pool pool) {
        this.pool = pool;
    }

    public Uni<Report> of(UUID workspaceId, Subject subject, LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw ApiException.badRequest("invalid_field", "to", "to must not be before from");
        }
        if (ChronoUnit.DAYS.between(from, to) >= LONGEST_DAYS) {
            throw ApiException.badRequest("invalid_field", "to", "a report covers at most " + LONGEST_DAYS + " days");
        }
        String sql = subject == Subject.AGENTS ? BY_AGENT : BY_QUEUE;
        return pool.preparedQuery("select time_zone from workspace where id = $1").execute(Tuple.of(workspaceId))
                .map(rows -> rows.iterator().next().getString(0))
                .chain(zone -> pool.preparedQuery(sql).execute(Tuple.of(workspaceId, from, to)).map(rows -> {
                    List<ReportRow> report = new ArrayList<>();
                    rows.forEach(row -> report.add(row(row)));
                    return new Report(from, to, zone, report);
                }));
    }

    private static ReportRow row(Row row) {
        return new ReportRow(row.getUUID(0), row.getString(1), row.getLong(2), row.getLong(3), row.getLong(4),
                row.getLong(5), row.getLong(6), row.getDouble(7), row.getLong(8), row.getLong(9), row.getDouble(10));
    }
}
