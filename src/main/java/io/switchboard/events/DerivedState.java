package io.switchboard.events;

import io.smallrye.mutiny.Uni;

import java.util.UUID;

/**
 * State derived from committed changes (the bell), kept by observing their events: called once a
 * transaction committed, before its events are appended, so what it derives is in place when
 * clients hear of the change. A failure is logged and never holds the events back; derived state
 * can be rebuilt from PostgreSQL.
 */
public interface DerivedState {

    /** Applies the committed event; answers whose bell it may have moved (their counts go with the event). */
    Uni<Recount> follow(LiveEvent committed);

    /** The append found the workspace's derived state missing in Redis: rebuild it, then push the recount's counts. */
    Uni<Void> missing(UUID workspaceId, Recount recount);
}
