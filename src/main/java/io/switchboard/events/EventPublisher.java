package io.switchboard.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Live events are written with the change they describe ({@link Recorder}, one per transaction)
 * and appended to the workspace's stream right after the commit. Derived state ({@link DerivedState},
 * the bell) follows each committed event first; local observers (wallboards) receive it as a CDI
 * event; both whether or not Redis then takes the append.
 */
@ApplicationScoped
public class EventPublisher {

    private final EventStream stream;
    private final PendingEvents pending;
    private final ObjectMapper json;
    private final Event<LiveEvent> committed;
    private final List<DerivedState> derived;

    public EventPublisher(EventStream stream, PendingEvents pending, ObjectMapper json, Event<LiveEvent> committed,
                          @Any Instance<DerivedState> derived) {
        this.stream = stream;
        this.pending = pending;
        this.json = json;
        this.committed = committed;
        this.derived = derived.stream().toList();
    }

    /** A recorder for a transaction the caller runs; call its {@link Recorder#relay} once that committed. */
    public Recorder recorder() {
        return new Recorder(this);
    }

    /** Recorders for a transaction that changes several workspaces; call {@link WorkspaceRecorders#relay} once that committed. */
    public WorkspaceRecorders recorders() {
        return new WorkspaceRecorders(this);
    }

    /** Runs {@code work} in a Panache transaction and relays the events it recorded once it committed. */
    public <T> Uni<T> transaction(Function<Recorder, Uni<T>> work) {
        Recorder recorder = recorder();
        return Panache.withTransaction(() -> work.apply(recorder)).call(recorder::relay);
    }

    /**
     * Appends a derived snapshot (wallboard figures) that is not recorded: it is recomputed from
     * PostgreSQL on the next change, so a lost one is replaced rather than relayed.
     */
    public Uni<Void> broadcast(LiveEvent snapshot) {
        EventStream.Recorded stored = new EventStream.Recorded(UUID.randomUUID(), snapshot.type(), Instant.now().toString(),
                snapshot.audience(), encode(snapshot));
        return stream.appendSnapshot(snapshot.workspaceId(), stored)
                .onFailure().invoke(failure -> Log.debugf("Snapshot %s not appended: %s", snapshot.type(), failure.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    String encode(LiveEvent event) {
        try {
            return json.writeValueAsString(event.data());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Appends committed events, in order, each with the bell counts it moved, unless their workspace
     * has older ones still waiting for the relay (they go behind those, and the counts go ahead on
     * their own). A failed append is left to the relay: the rows are there.
     */
    Uni<Void> relay(List<Recorder.Pending> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        events.forEach(event -> committed.fire(event.event()));
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(event -> follow(event.event()))
                .collect().asList()
                .chain(recounts -> append(events, recounts));
    }

    private Uni<Recount> follow(LiveEvent event) {
        return Multi.createFrom().iterable(derived)
                .onItem().transformToUniAndConcatenate(state -> state.follow(event)
                        .onFailure().invoke(failure -> Log.warnf("%s did not follow %s in workspace %s: %s",
                                state.getClass().getSimpleName(), event.type(), event.workspaceId(), failure.toString()))
                        .onFailure().recoverWithItem(Recount.NONE))
                .collect().asList()
                .map(recounts -> recounts.stream().reduce(Recount.NONE, Recount::plus));
    }

    private Uni<Void> append(List<Recorder.Pending> events, List<Recount> recounts) {
        UUID workspaceId = events.get(0).event().workspaceId();
        if (events.stream().anyMatch(event -> !event.event().workspaceId().equals(workspaceId))) {
            throw new IllegalStateException("One transaction's events belong to one workspace");
        }
        Recount all = recounts.stream().reduce(Recount.NONE, Recount::plus);
        if (pending.hasBacklog(workspaceId)) {
            return stream.appendCounts(workspaceId, all, true).replaceWithVoid()
                    .onFailure().recoverWithNull();
        }
        List<EventStream.Recorded> stored = events.stream().map(Recorder.Pending::stored).toList();
        return stream.appendOnce(workspaceId, stored, recounts)
                .invoke(appended -> pending.forget(workspaceId, stored.stream().map(EventStream.Recorded::key).toList()))
                .call(appended -> appended.bellStateMissing() ? repair(workspaceId, all) : Uni.createFrom().voidItem())
                .onFailure().invoke(failure -> {
                    Log.warnf("Could not append %d event(s) in workspace %s (%s): left to the relay", stored.size(), workspaceId,
                            failure.toString());
                    pending.backlog(workspaceId);
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> repair(UUID workspaceId, Recount recount) {
        return Multi.createFrom().iterable(derived)
                .onItem().transformToUniAndConcatenate(state -> state.missing(workspaceId, recount)
                        .onFailure().invoke(failure -> Log.warnf("%s could not rebuild workspace %s: %s",
                                state.getClass().getSimpleName(), workspaceId, failure.toString()))
                        .onFailure().recoverWithNull())
                .collect().last().replaceWithVoid();
    }
}
