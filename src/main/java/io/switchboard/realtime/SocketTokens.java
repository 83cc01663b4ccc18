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
        // One query for every user whose state is stale, then each session is judged from memory.
        return revocations.refresh(sessions.stream().map(session -> session.caller().agentId()).toList())
                .chain(() -> Multi.createFrom().iterable(sessions)
                .onItem().transformToUniAndConcatenate(session -> {
                    SocketAuth.TokenFacts token = session.token();
                    if (token == null) {
                        return Uni.createFrom().voidItem();
                    }
                    if (token.expiresAtEpochSecond() <= now) {
                        session.closeForAuthentication("token expired; log in again and reconnect with lastEventId");
                        return Uni.createFrom().voidItem();
                    }
                    return revocations.isRevoked(session.caller().agentId(), token.credentialsVersion())
                            .invoke(revoked -> {
                                if (revoked) {
                                    session.closeForAuthentication("token revoked");
                                }
                            }).replaceWithVoid();
                })
                .collect().last().replaceWithVoid());
    }
}
