package io.switchboard.realtime;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.List;

/**
 * Graceful shutdown: once in-flight requests are done (quarkus.shutdown.timeout), the instance
 * refuses new sockets and closes its live ones with 1012, which clients treat as "reconnect,
 * to another instance, with lastEventId". Nothing is lost: events live in Redis, not here.
 */
@ApplicationScoped
public class Drain {

    private final SessionRegistry registry;
    private volatile boolean draining;

    public Drain(SessionRegistry registry) {
        this.registry = registry;
    }

    public boolean isDraining() {
        return draining;
    }

    /**
     * Runs when shutdown starts (quarkus.shutdown.delay), before Quarkus waits for open requests,
     * which would otherwise include every live socket.
     */
    void onShutdownStarted(@Observes ShutdownDelayInitiatedEvent event) {
        drain();
    }

    /** Also on the shutdown event, for a configuration without a shutdown delay. */
    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        drain();
    }

    private synchronized void drain() {
        if (draining) {
            return;
        }
        draining = true;
        List<InboxSession> sessions = registry.all();
        if (sessions.isEmpty()) {
            return;
        }
        Log.infof("Draining %d live sessions with close code %d", sessions.size(), InboxSession.CLOSE_SERVICE_RESTART);
        try {
            Uni.join().all(sessions.stream().map(InboxSession::closeForRestart).toList()).andCollectFailures()
                    .await().atMost(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            Log.warnf("Not every session closed cleanly: %s", e.toString());
        }
    }
}
