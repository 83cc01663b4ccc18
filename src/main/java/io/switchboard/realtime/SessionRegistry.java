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
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
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
        Set<InboxSession> targets = audienceOf(ws, event.audience());
        // Agents whose bell the change moved hear of it even when the event is not for them. Mostly
        // they are in the audience already (a queue's members): looked up, not copied into a new set.
        List<InboxSession> bellOnly = new ArrayList<>();
        for (UUID agent : event.bellRecipients()) {
            for (InboxSession session : ws.byAgent.getOrDefault(agent, Set.of())) {
                if (!targets.contains(session)) {
                    bellOnly.add(session);
                }
            }
        }
        onEachLoop(bellOnly.isEmpty() ? targets : concat(targets, bellOnly), session -> session.offer(event));
        pushLatency.record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - event.id().millis())));
    }

    /**
     * Hands an ephemeral frame (R25: not in the stream, never replayed) to every local session the
     * audience names, each written on its socket's own event loop.
     */
    void sendEphemeral(UUID workspaceId, Audience audience, String frame) {
        WorkspaceSessions ws = workspaces.get(workspaceId);
        if (ws != null) {
            onEachLoop(audienceOf(ws, audience), session -> session.control(frame));
        }
    }

    /**
     * The local sessions the audience names. A queue alone (a new conversation's audience) is its
     * live session set itself, read, never changed: no copy of a thousand sockets per event.
     */
    private static Set<InboxSession> audienceOf(WorkspaceSessions ws, Audience audience) {
        if (audience.queueId() != null && audience.agentIds().isEmpty() && !audience.supervisors()) {
            return Collections.unmodifiableSet(ws.byQueue.getOrDefault(audience.queueId(), Set.of()));
        }
        Set<InboxSession> targets = new LinkedHashSet<>();
        if (audience.queueId() != null) {
            targets.addAll(ws.byQueue.getOrDefault(audience.queueId(), Set.of()));
        }
        audience.agentIds().forEach(agent -> targets.addAll(ws.byAgent.getOrDefault(agent, Set.of())));
        if (audience.supervisors()) {
            targets.addAll(ws.supervisors);
        }
        return targets;
    }

    private static List<InboxSession> concat(Set<InboxSession> audience, List<InboxSession> more) {
        List<InboxSession> all = new ArrayList<>(audience.size() + more.size());
        all.addAll(audience);
        all.addAll(more);
        return all;
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
