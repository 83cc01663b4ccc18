package io.switchboard.realtime;

import io.switchboard.events.Audience;
import io.switchboard.events.EventTypes;
import io.switchboard.events.StoredEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's open inbox sessions, indexed so that routing an event touches only the sessions
 * it is for (workspace → queue / agent / supervisors), not every connection.
 */
@ApplicationScoped
public class SessionRegistry {

    /** The sessions of one workspace on this instance. */
    static final class WorkspaceSessions {
        final Map<UUID, Set<InboxSession>> byQueue = new ConcurrentHashMap<>();
        final Map<UUID, Set<InboxSession>> byAgent = new ConcurrentHashMap<>();
        final Set<InboxSession> supervisors = ConcurrentHashMap.newKeySet();
        final Set<InboxSession> all = ConcurrentHashMap.newKeySet();
    }

    private final Map<UUID, WorkspaceSessions> workspaces = new ConcurrentHashMap<>();
    private final Timer pushLatency;

    public SessionRegistry(MeterRegistry metrics) {
        metrics.gauge("switchboard.websocket.connections", this, SessionRegistry::count);
        this.pushLatency = Timer.builder("switchboard.events.push.latency")
                .description("From an event's publication to its hand-over to the local sockets")
                .publishPercentileHistogram()
                .register(metrics);
    }

    void add(InboxSession session) {
        WorkspaceSessions ws = workspaces.computeIfAbsent(session.caller().workspaceId(), id -> new WorkspaceSessions());
        ws.all.add(session);
        ws.byAgent.computeIfAbsent(session.caller().agentId(), id -> ConcurrentHashMap.newKeySet()).add(session);
        session.queueIds().forEach(q -> ws.byQueue.computeIfAbsent(q, id -> ConcurrentHashMap.newKeySet()).add(session));
        if (session.caller().seesAll()) {
            ws.supervisors.add(session);
        }
    }

    void remove(InboxSession session) {
        WorkspaceSessions ws = workspaces.get(session.caller().workspaceId());
        if (ws == null) {
            return;
        }
        ws.all.remove(session);
        ws.supervisors.remove(session);
        removeFrom(ws.byAgent, session.caller().agentId(), session);
        session.queueIds().forEach(q -> removeFrom(ws.byQueue, q, session));
    }

    /** Workspaces with at least one local session: the streams this instance must read. */
    Set<UUID> activeWorkspaces() {
        workspaces.entrySet().removeIf(e -> e.getValue().all.isEmpty());
        return Set.copyOf(workspaces.keySet());
    }

    boolean hasSessions(UUID workspaceId) {
        WorkspaceSessions ws = workspaces.get(workspaceId);
        return ws != null && !ws.all.isEmpty();
    }

    /** Hands one event to every local session entitled to it. */
    void dispatch(StoredEvent event) {
        WorkspaceSessions ws = workspaces.get(event.workspaceId());
        if (ws == null) {
            return;
        }
        if (EventTypes.QUEUE_MEMBERS_CHANGED.equals(event.type())) {
            followMembership(ws, event);
        }
        onEachLoop(recipients(ws, event.audience(), event.bellRecipients()), session -> session.offer(event));
        pushLatency.record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - event.id().millis())));
    }

    /**
     * Hands an ephemeral frame (R25: not in the stream, never replayed) to every local session the
     * audience names, each written on its socket's own event loop.
     */
    void sendEphemeral(UUID workspaceId, Audience audience, String frame) {
        WorkspaceSessions ws = workspaces.get(workspaceId);
        if (ws != null) {
            onEachLoop(recipients(ws, audience, Set.of()), session -> session.control(frame));
        }
    }

    /**
     * The local sessions the audience names, and those of agents whose bell the change moved (they
     * hear of it even when the event is not for them), each once. Read from the indexes, never
     * hashed into a new set: each source adds only the sessions no earlier source covers, and a
     * queue's (a new conversation's audience: every socket of its agents) is copied as it is.
     */
    private static List<InboxSession> recipients(WorkspaceSessions ws, Audience audience, Collection<UUID> bellRecipients) {
        Set<InboxSession> queue = audience.queueId() == null ? Set.of() : ws.byQueue.getOrDefault(audience.queueId(), Set.of());
        List<InboxSession> targets = new ArrayList<>(queue);
        if (audience.supervisors()) {
            ws.supervisors.forEach(session -> addUnless(queue::contains, session, targets));
        }
        Predicate<InboxSession> covered = audience.supervisors()
                ? session -> queue.contains(session) || ws.supervisors.contains(session)
                : queue::contains;
        audience.agentIds().forEach(agent -> ofAgent(ws, agent).forEach(session -> addUnless(covered, session, targets)));
        for (UUID agent : bellRecipients) {
            if (!audience.agentIds().contains(agent)) {
                ofAgent(ws, agent).forEach(session -> addUnless(covered, session, targets));
            }
        }
        return targets;
    }

    private static Set<InboxSession> ofAgent(WorkspaceSessions ws, UUID agentId) {
        return ws.byAgent.getOrDefault(agentId, Set.of());
    }

    private static void addUnless(Predicate<InboxSession> covered, InboxSession session, List<InboxSession> targets) {
        if (!covered.test(session)) {
            targets.add(session);
        }
    }

    /**
     * One task per event loop, not one per socket: each loop offers the event to its own sockets,
     * so every frame is written on its socket's thread without a hop. Tasks of one loop run in
     * order, so each session still sees events in stream order.
     */
    private static void onEachLoop(Collection<InboxSession> targets, Consumer<InboxSession> send) {
        Map<Context, List<InboxSession>> byLoop = new IdentityHashMap<>();
        for (InboxSession session : targets) {
            byLoop.computeIfAbsent(session.loop(), loop -> new ArrayList<>()).add(session);
        }
        Context current = Vertx.currentContext();
        Context here = current == null ? null : VertxContext.getRootContext(current);
        byLoop.forEach((loop, sessions) -> {
            if (loop == null || loop == here) {
                sessions.forEach(send);
            } else {
                loop.runOnContext(ignored -> sessions.forEach(send));
            }
        });
    }

    /** Every local session, for draining on shutdown. */
    List<InboxSession> all() {
        return workspaces.values().stream().flatMap(ws -> ws.all.stream()).toList();
    }

    /** The users with a local session, each once. */
    List<UUID> connectedAgents() {
        return workspaces.values().stream().flatMap(ws -> ws.byAgent.keySet().stream()).toList();
    }

    int count() {
        return workspaces.values().stream().mapToInt(ws -> ws.all.size()).sum();
    }

    Collection<InboxSession> sessionsOf(UUID agentId, UUID workspaceId) {
        WorkspaceSessions ws = workspaces.get(workspaceId);
        return ws == null ? List.of() : ws.byAgent.getOrDefault(agentId, Set.of());
    }

    /** Keeps the queue index in step with a membership change announced on the stream. */
    private void followMembership(WorkspaceSessions ws, StoredEvent event) {
        MembershipChange change = MembershipChange.parse(event.dataJson());
        for (InboxSession session : ws.all) {
            boolean member = change.memberIds().contains(session.caller().agentId());
            boolean was = session.queueIds().contains(change.queueId());
            if (member == was) {
                continue;
            }
            Set<UUID> ids = new LinkedHashSet<>(session.queueIds());
            if (member) {
                ids.add(change.queueId());
                ws.byQueue.computeIfAbsent(change.queueId(), id -> ConcurrentHashMap.newKeySet()).add(session);
            } else {
                ids.remove(change.queueId());
                removeFrom(ws.byQueue, change.queueId(), session);
            }
            session.queueIds(ids);
        }
    }

    private static void removeFrom(Map<UUID, Set<InboxSession>> index, UUID key, InboxSession session) {
        index.computeIfPresent(key, (k, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
    }
}
