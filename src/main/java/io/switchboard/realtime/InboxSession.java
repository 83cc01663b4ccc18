package io.switchboard.realtime;

import io.switchboard.events.EventTypes;
import io.switchboard.events.StreamId;
import io.switchboard.events.StoredEvent;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Handler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * One agent's open /ws/inbox connection. Frames leave strictly in event-id order, each at most
 * once: while the session catches up on missed events, live ones are held back, then merged.
 * A client that cannot keep up is closed with {@link #CLOSE_TOO_SLOW} and resumes from its last id.
 */
public final class InboxSession {

    /** Resumable close: the client reconnects with lastEventId and loses nothing. */
    public static final short CLOSE_TOO_SLOW = 4000;

    /** Resumable close: this instance is shutting down; reconnect (to another one) with lastEventId. */
    public static final short CLOSE_SERVICE_RESTART = 1012;

    private final WebSocketConnection connection;
    private final FrameWriter writer;
    /** Live frames are not waited for: one handler for all of them, so a frame costs no callback of its own. */
    private final Handler<AsyncResult<Void>> liveWritten = done -> written(null);
    /** The event loop the socket lives on (its root context), where its frames are written without a hop; null off Vert.x. */
    private final Context loop;
    private final Caller caller;
    /** What the handshake's token said; read once, as the sweep of R28 asks it of every socket. */
    private final SocketAuth.TokenFacts token;
    private final int maxPending;
    /** How many missed events to write before waiting for them to leave: half the buffer. */
    final int replayBatch;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Set<UUID> queueIds;
    /** The agent's queues as of the event being replayed (R4: what they could see then). */
    private Set<UUID> replayQueueIds;
    private StreamId lastSent;
    private List<StoredEvent> heldBack = new ArrayList<>();
    private boolean closed;

    /** Which events this session wants at all: everything for an inbox, queue.stats and presence for a wallboard. */
    private final Predicate<StoredEvent> wants;

    InboxSession(WebSocketConnection connection, Context loop, Caller caller, Set<UUID> queueIds, StreamId resumeAfter, int maxPending,
                 Predicate<StoredEvent> wants) {
        this.connection = connection;
        this.token = connection.userData().get(SocketAuth.TOKEN);
        this.writer = FrameWriter.of(connection);
        this.loop = loop;
        this.wants = wants;
        this.caller = caller;
        this.queueIds = Set.copyOf(queueIds);
        this.replayQueueIds = this.queueIds;
        this.lastSent = resumeAfter;
        this.maxPending = maxPending;
        this.replayBatch = Math.max(1, Math.min(500, maxPending / 2));
    }

    Context loop() {
        return loop;
    }

    /** Whether frames go straight to the Vert.x socket ({@link FrameWriter}). */
    boolean writesDirectly() {
        return writer.direct();
    }

    public Caller caller() {
        return caller;
    }

    public String id() {
        return connection.id();
    }

    Set<UUID> queueIds() {
        return queueIds;
    }

    void queueIds(Set<UUID> ids) {
        this.queueIds = Set.copyOf(ids);
    }

    /** Replay starts from the queues the agent belonged to when the client's last event was sent. */
    synchronized void replayAsMemberOf(Set<UUID> queueIdsThen) {
        this.replayQueueIds = Set.copyOf(queueIdsThen);
    }

    private boolean entitledNow(StoredEvent event) {
        return event.audience().includes(caller.agentId(), caller.seesAll(), queueIds);
    }

    /** A live event routed to this session. */
    synchronized void offer(StoredEvent event) {
        if (!wants.test(event)) {
            return;
        }
        if (heldBack != null) {
            heldBack.add(event);
            if (heldBack.size() > maxPending) {
                tooSlow();
            }
            return;
        }
        sendIfNew(event, entitledNow(event), false);
    }

    /**
     * Missed events read back from the stream, oldest first. Completes when they have all been
     * written, so a long replay goes at the client's pace instead of flooding it.
     */
    Uni<Void> replay(List<StoredEvent> events) {
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        synchronized (this) {
            for (StoredEvent event : events) {
                // Entitled as of the event: the queues the agent belonged to then, not now.
                if (wants.test(event)) {
                    CompletableFuture<Void> write = sendIfNew(event,
                            event.audience().includes(caller.agentId(), caller.seesAll(), replayQueueIds), true);
                    if (write != null) {
                        writes.add(write);
                    }
                }
                if (EventTypes.QUEUE_MEMBERS_CHANGED.equals(event.type())) {
                    MembershipChange change = MembershipChange.parse(event.dataJson());
                    Set<UUID> ids = new HashSet<>(replayQueueIds);
                    if (change.memberIds().contains(caller.agentId())) {
                        ids.add(change.queueId());
                    } else {
                        ids.remove(change.queueId());
                    }
                    replayQueueIds = ids;
                }
            }
        }
        return Uni.createFrom().completionStage(CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)));
    }

    /** The client's lastEventId is older than the stream keeps: it must reload by REST, then gets live events. */
    synchronized void resync() {
        lastSent = null;
        send(EventTypes.RESYNC_REQUIRED);
    }

    /** Sends a control frame (pong) outside the event sequence. */
    synchronized void control(String frame) {
        send(frame);
    }

    /** Ends catching up: the held-back live events follow the replayed ones, duplicates dropped. */
    synchronized void goLive() {
        List<StoredEvent> waiting = heldBack;
        heldBack = null;
        if (waiting != null) {
            waiting.forEach(event -> sendIfNew(event, entitledNow(event), false));
        }
    }

    /**
     * Sends the event's frame for this agent (the event itself, or only its bell) unless it went
     * out already; {@code track} answers a future of its write (replays wait for theirs, live frames don't).
     */
    private CompletableFuture<Void> sendIfNew(StoredEvent event, boolean entitled, boolean track) {
        if (lastSent != null && !event.id().isAfter(lastSent)) {
            return null;
        }
        String frame = event.frameFor(caller.agentId(), entitled);
        if (frame == null) {
            return null;
        }
        lastSent = event.id();
        return send(frame, track);
    }

    private void send(String frame) {
        send(frame, false);
    }

    /** Writes a frame; with {@code track}, answers a future completed once it has left (or failed to), never exceptionally. */
    private CompletableFuture<Void> send(String frame, boolean track) {
        if (closed) {
            return null;
        }
        if (pending.incrementAndGet() > maxPending) {
            tooSlow();
            return null;
        }
        if (!track) {
            writer.write(frame, liveWritten);
            return null;
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        writer.write(frame, done -> written(written));
        return written;
    }

    private void written(CompletableFuture<Void> tracked) {
        pending.decrementAndGet();
        if (tracked != null) {
            tracked.complete(null);
        }
    }

    /** Drain on shutdown: tell the client to reconnect elsewhere and resume. */
    Uni<Void> closeForRestart() {
        synchronized (this) {
            closed = true;
        }
        return connection.close(new CloseReason(CLOSE_SERVICE_RESTART, "server restarting; reconnect with lastEventId"))
                .onFailure().recoverWithNull();
    }

    /** The socket's token expired or was revoked (R28): the client must log in (again) and resume. */
    void closeForAuthentication(String reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Log.infof("Closing session %s of agent %s: %s", id(), caller.agentId(), reason);
        connection.close(new CloseReason(1008, reason)).subscribe().with(done -> { }, failure -> { });
    }

    SocketAuth.TokenFacts token() {
        return token;
    }

    private void tooSlow() {
        if (closed) {
            return;
        }
        closed = true;
        Log.infof("Closing slow session %s of agent %s after %d unsent frames", id(), caller.agentId(), pending.get());
        connection.close(new CloseReason(CLOSE_TOO_SLOW, "too slow; reconnect with lastEventId")).subscribe().with(
                done -> { }, failure -> { });
    }
}
