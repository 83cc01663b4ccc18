package io.switchboard.realtime;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Revocations;
import io.switchboard.common.Repeat;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * R28: a live socket lives no longer than its token. Every {@link #CHECK_MILLIS} each instance
 * closes (1008) its sockets whose token expired or was revoked; clients log in again and resume
 * with {@code lastEventId}, losing nothing.
 */
@ApplicationScoped
public class SocketTokens {

    static final long CHECK_MILLIS = 2_000;

    private final SessionRegistry registry;
    private final Revocations revocations;
    private final Vertx vertx;
    private volatile boolean running;

    public SocketTokens(SessionRegistry registry, Revocations revocations, Vertx vertx) {
        this.registry = registry;
        this.revocations = revocations;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        Repeat.every(vertx, CHECK_MILLIS, () -> running, "Checking socket tokens", this::check);
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
    }

    private Uni<Void> check() {
        long now = Instant.now().getEpochSecond();
        List<InboxSession> sessions = registry.all();
        // One query for every user whose state is stale, then each session is judged from memory in
        // one plain pass: tens of thousands of sockets, every two seconds, without a Uni each.
        return revocations.refresh(registry.connectedAgents())
                .chain(() -> {
                    List<InboxSession> unknown = new ArrayList<>();
                    sessions.forEach(session -> judge(session, now, unknown));
                    return Multi.createFrom().iterable(unknown)
                            .onItem().transformToUniAndConcatenate(session -> revocations
                                    .isRevoked(session.caller().agentId(), session.token().credentialsVersion())
                                    .invoke(revoked -> closeIfRevoked(session, revoked)))
                            .collect().last().replaceWithVoid();
                });
    }

    /** Closes the session if its token expired or was revoked; adds it to {@code unknown} if its user's state is not here. */
    private void judge(InboxSession session, long now, List<InboxSession> unknown) {
        SocketAuth.TokenFacts token = session.token();
        if (token == null) {
            return;
        }
        if (token.expiresAtEpochSecond() <= now) {
            session.closeForAuthentication("token expired; log in again and reconnect with lastEventId");
            return;
        }
        // Forgotten since the refresh (the user changed here meanwhile): asked again, as a request would.
        Boolean revoked = revocations.revokedAsLastRead(session.caller().agentId(), token.credentialsVersion());
        if (revoked == null) {
            unknown.add(session);
        } else {
            closeIfRevoked(session, revoked);
        }
    }

    private static void closeIfRevoked(InboxSession session, boolean revoked) {
        if (revoked) {
            session.closeForAuthentication("token revoked");
        }
    }
}
