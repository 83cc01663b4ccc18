package io.switchboard.events;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The recorders of one transaction that changes several workspaces, as a timer's statement does:
 * one per workspace (each workspace's events go to its own stream), relayed together once the
 * transaction committed.
 */
public final class WorkspaceRecorders {

    private final EventPublisher publisher;
    private final Map<UUID, Recorder> byWorkspace = new LinkedHashMap<>();

    WorkspaceRecorders(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /** The recorder of that workspace's events in this transaction. */
    public Recorder of(UUID workspaceId) {
        return byWorkspace.computeIfAbsent(workspaceId, ws -> publisher.recorder());
    }

    /** Records the events, in this order, in a transaction of the reactive SQL client. */
    public Uni<Void> record(SqlClient transaction, List<? extends LiveEvent> events) {
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(event -> of(event.workspaceId()).record(transaction, event))
                .collect().last().replaceWithVoid();
    }

    /** After the commit: relays every workspace's events; never fails. */
    public Uni<Void> relay() {
        return Multi.createFrom().iterable(byWorkspace.values())
                .onItem().transformToUniAndConcatenate(Recorder::relay)
                .collect().last().replaceWithVoid();
    }
}
