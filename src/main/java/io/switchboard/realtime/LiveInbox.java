package io.switchboard.realtime;

import io.switchboard.events.EventTypes;
import io.switchboard.events.EventStream;
import io.switchboard.events.StreamId;
import io.switchboard.events.StoredEvent;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.workspace.QueueMember;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Opens and closes inbox sessions: registration, resume from lastEventId, then live delivery. */
@ApplicationScoped
public class LiveInbox {

    private static final int SCAN_BATCH = 1000;

    private final SessionRegistry registry;
    private final StreamReader reader;
    private final EventStream stream;
    private final int maxPending;

    public LiveInbox(SessionRegistry registry, StreamReader reader, EventStream stream, SwitchboardConfig config) {
        this.registry = registry;
        this.reader = reader;
        this.stream = stream;
        this.maxPending = config.events().maxPendingFrames();
    }

    public Uni<InboxSession> open(WebSocketConnection connection, Caller caller, String lastEventId) {
        return open(connection, caller, lastEventId, event -> true);
    }

    /** Call on the socket's own event loop (from its {@code @OnOpen}): live frames are written there. */
    public Uni<InboxSession> open(WebSocketConnection connection, Caller caller, String lastEventId, Predicate<StoredEvent> wants) {
        Optional<StreamId> resumeAfter = StreamId.parse(lastEventId);
        Context current = Vertx.currentContext();
        Context loop = current == null ? null : VertxContext.getRootContext(current);
        return queueIdsOf(caller.agentId()).chain(queueIds -> {
            InboxSession session = new InboxSession(connection, loop, caller, queueIds, resumeAfter.orElse(null), maxPending, wants);
            // Register before reading the past: live events from now on are held back, then merged.
            registry.add(session);
            Uni<Void> catchUp = lastEventId == null
                    ? Uni.createFrom().voidItem()
                    : resumeAfter.map(after -> resume(session, after)).orElseGet(() -> resync(session));
            return reader.track(caller.workspaceId())
                    .chain(() -> catchUp)
                    .invoke(session::goLive)
                    .onFailure().invoke(failure -> registry.remove(session))
                    .replaceWith(session);
        });
    }

    public void close(InboxSession session) {
        registry.remove(session);
    }

    /**
     * Replays what the client missed, or asks it to resync when the stream cannot prove there is no
     * gap: it is gone (flushed), trimmed past the client's id, or ends before it (recreated).
     */
    private Uni<Void> resume(InboxSession session, StreamId after) {
        return stream.retention(session.caller().workspaceId()).chain(retention ->
                retention.map(r -> r.canReplayAfter(after)).orElse(false)
                        ? membershipAt(session, after).invoke(session::replayAsMemberOf).chain(() -> replayFrom(session, after))
                        : resync(session));
    }

    /**
     * The agent's queues when the client's last event was sent: today's, with each queue whose
     * membership changed since then taken back to before its first such change, so the replay
     * shows only what the agent was entitled to at the time of each event.
     */
    private Uni<Set<UUID>> membershipAt(InboxSession session, StreamId after) {
        Map<UUID, Boolean> before = new HashMap<>();
        return scanMembershipChanges(session, after, before).map(done -> {
            Set<UUID> queues = new HashSet<>(session.queueIds());
            before.forEach((queue, member) -> {
                if (member) {
                    queues.add(queue);
                } else {
                    queues.remove(queue);
                }
            });
            return queues;
        });
    }

    private Uni<Void> scanMembershipChanges(InboxSession session, StreamId after, Map<UUID, Boolean> before) {
        UUID agent = session.caller().agentId();
        return stream.after(session.caller().workspaceId(), after, SCAN_BATCH).chain(batch -> {
            for (StoredEvent event : batch) {
                if (EventTypes.QUEUE_MEMBERS_CHANGED.equals(event.type())) {
                    MembershipChange change = MembershipChange.parse(event.dataJson());
                    if (!before.containsKey(change.queueId())) {
                        change.wasMemberBefore(agent).ifPresent(was -> before.put(change.queueId(), was));
                    }
                }
            }
            return batch.size() < SCAN_BATCH ? Uni.createFrom().voidItem()
                    : scanMembershipChanges(session, batch.get(batch.size() - 1).id(), before);
        });
    }

    private Uni<Void> replayFrom(InboxSession session, StreamId after) {
        return stream.after(session.caller().workspaceId(), after, session.replayBatch).chain(batch -> session.replay(batch)
                .chain(() -> batch.size() < session.replayBatch
                        ? Uni.createFrom().voidItem()
                        : replayFrom(session, batch.get(batch.size() - 1).id())));
    }

    private Uni<Void> resync(InboxSession session) {
        Log.infof("Session %s of agent %s resumes from an id the stream cannot replay after: resync", session.id(), session.caller().agentId());
        session.resync();
        return Uni.createFrom().voidItem();
    }

    @WithSession
    Uni<Set<UUID>> queueIdsOf(UUID agentId) {
        return QueueMember.<QueueMember>list("agentId", agentId)
                .map(members -> members.stream().map(m -> m.queueId).collect(Collectors.toSet()));
    }
}
