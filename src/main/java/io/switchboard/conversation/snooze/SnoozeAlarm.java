package io.switchboard.conversation.snooze;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.FreshContext;
import io.switchboard.common.Repeat;
import io.switchboard.conversation.ConversationEvents.Unsnoozed;
import io.switchboard.events.EventPublisher;
import io.switchboard.events.LiveEvent;
import io.switchboard.events.WorkspaceRecorders;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.List;

/**
 * #21: wakes the snoozed conversations whose time came, unread for their owner, with a timeline
 * entry and {@code conversation.unsnoozed}. Every instance looks each second; the due rows are
 * taken with {@code FOR UPDATE SKIP LOCKED} and cleared in the same statement, and the events are
 * written in its transaction, so each wake happens on exactly one instance and none is lost when
 * one dies.
 */
@ApplicationScoped
public class SnoozeAlarm {

    private static final long CHECK_MILLIS = 1000;

    private static final String WAKE_DUE = """
            with due as (
                select id from conversation
                where snoozed and snoozed_until <= now() and status <> 'CLOSED'
                order by snoozed_until limit 200
                for update skip locked),
            woke as (
                update conversation c set snoozed = false, snoozed_until = null
                from due where c.id = due.id
                returning c.id, c.workspace_id, c.owner_id),
            unread as (
                insert into conversation_agent_state (conversation_id, agent_id, unread)
                select id, owner_id, true from woke
                on conflict (conversation_id, agent_id) do update set unread = true, archived = false),
            timeline as (
                insert into timeline_event (id, workspace_id, conversation_id, kind, data)
                select gen_random_uuid(), workspace_id, id, 'unsnoozed', '{"reason": "time"}'::jsonb from woke)
            select id, workspace_id, owner_id from woke""";

    private final Pool pool;
    private final EventPublisher events;
    private final Vertx vertx;
    private volatile boolean running;

    public SnoozeAlarm(Pool pool, EventPublisher events, Vertx vertx) {
        this.pool = pool;
        this.events = events;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        // On a fresh duplicated context, as a request runs: the bell following the events opens sessions.
        Repeat.every(vertx, CHECK_MILLIS, () -> running, "Waking snoozed conversations",
                () -> FreshContext.run(vertx.getDelegate(), this::wake));
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
    }

    /** Wakes the conversations due now; answers how many. */
    Uni<Integer> wake() {
        WorkspaceRecorders recorders = events.recorders();
        return pool.withTransaction(tx -> tx.preparedQuery(WAKE_DUE).execute().chain(rows -> {
                    List<LiveEvent> woke = new ArrayList<>();
                    rows.forEach(row -> woke.add(new Unsnoozed(row.getUUID(1), row.getUUID(0), row.getUUID(2), Unsnoozed.BY_TIME)));
                    return recorders.record(tx, woke).replaceWith(woke.size());
                }))
                .call(recorders::relay);
    }
}
