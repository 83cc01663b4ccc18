package io.switchboard.conversation.ownership;

import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationErrors;
import io.switchboard.conversation.OwnershipCache;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Transfers and closes in the claim's two-step order: take the conversation's hold in Redis, commit
 * in PostgreSQL, then settle Redis to what committed and give the hold up. A failed commit settles
 * Redis from PostgreSQL (or, with PostgreSQL out of reach, gives the hold up); a holder that dies
 * leaves a hold that lapses by itself. So Redis never keeps a change PostgreSQL rolled back.
 */
@ApplicationScoped
public class OwnershipChanges {

    /** Holds taken by transfers and closes, told apart from a claimant's (an agent id). */
    static final String HOLD_PREFIX = "op:";

    /** A claim holds a conversation for one commit: wait that long for it, then answer 409. */
    private static final Duration HOLD_WAIT = Duration.ofMillis(25);
    private static final int HOLD_TRIES = 40;

    private final OwnershipCache ownership;

    public OwnershipChanges(OwnershipCache ownership) {
        this.ownership = ownership;
    }

    /** Runs {@code transaction} under the conversation's hold; {@code truth} names what it committed. */
    public <T> Uni<T> run(Caller caller, UUID conversationId, Supplier<Uni<T>> transaction, Function<T, Conversation> truth) {
        String token = HOLD_PREFIX + UUID.randomUUID();
        return hold(caller.workspaceId(), conversationId, token, HOLD_TRIES)
                .chain(() -> Panache.withTransaction(transaction))
                .onFailure().call(failure -> reconcile(caller, conversationId, token))
                .call(done -> ownership.settle(truth.apply(done), token));
    }

    private Uni<Void> hold(UUID workspaceId, UUID conversationId, String token, int triesLeft) {
        return ownership.hold(workspaceId, conversationId, token).chain(holder -> {
            if (holder == null) {
                return Uni.createFrom().voidItem();
            }
            if (triesLeft <= 1) {
                return Uni.createFrom().failure(ConversationErrors.changedMeanwhile(conversationId));
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(HOLD_WAIT)
                    .chain(() -> hold(workspaceId, conversationId, token, triesLeft - 1));
        });
    }

    /** After a failed write: Redis says what PostgreSQL says and the hold goes. */
    Uni<Void> reconcile(Caller caller, UUID conversationId, String token) {
        return Panache.withSession(() -> Conversation.<Conversation>find("id = ?1 and workspaceId = ?2",
                        conversationId, caller.workspaceId()).firstResult())
                .chain(truth -> truth == null ? ownership.release(caller.workspaceId(), conversationId, token)
                        : ownership.settle(truth, token))
                .onFailure().recoverWithUni(failure -> {
                    // PostgreSQL is out of reach: give the hold up now rather than when it lapses.
                    Log.warnf("Could not read conversation %s after a failed change: %s", conversationId, failure.getMessage());
                    return ownership.release(caller.workspaceId(), conversationId, token)
                            .onFailure().recoverWithNull().replaceWithVoid();
                });
    }
}
