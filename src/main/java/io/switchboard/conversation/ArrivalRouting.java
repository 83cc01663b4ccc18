package io.switchboard.conversation;

import io.smallrye.mutiny.Uni;

import java.util.UUID;

/**
 * R22 at a new conversation's arrival, inside the transaction that stores it: in a routed queue
 * with nobody older waiting, the eligible agent its mode picks, locked with room for it (see
 * {@link Capacity}); null leaves it waiting. Provided by the routing feature.
 */
public interface ArrivalRouting {

    Uni<UUID> ownerOnArrival(Conversation started);
}
