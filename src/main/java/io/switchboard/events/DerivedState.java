package io.switchboard.events;

import io.smallrye.mutiny.Uni;

/**
 * State derived from committed changes (the bell), kept by observing their events: called once a
 * transaction committed, before its events are appended, so what it derives is in place when
 * clients hear of the change. A failure is logged and never holds the events back; derived state
 * can be rebuilt from PostgreSQL.
 */
public interface DerivedState {

    Uni<Void> follow(LiveEvent committed);
}
