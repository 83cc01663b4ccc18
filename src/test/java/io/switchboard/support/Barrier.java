package io.switchboard.support;

import io.switchboard.support.Fixtures.TestWorkspace;
import io.switchboard.support.Fixtures.User;
import io.vertx.core.json.JsonObject;

/**
 * Proves a negative without sleeping: a change made now whose event the client is sure to get
 * (a new queue with {@code member} in it: queue.members_changed reaches that member and every
 * supervisor, and moves no bell). The workspace's stream is totally ordered, so once this event
 * has arrived, every event the client was to receive before it has arrived too.
 */
public final class Barrier {

    private Barrier() {
    }

    /** Passes the barrier and answers its frame, for {@link LiveClient#assertNoEventBefore}. */
    public static JsonObject pass(LiveClient client, TestWorkspace ws, User member) {
        String queueId = ws.queue(member);
        return client.awaitEvent("queue.members_changed", f -> queueId.equals(f.getJsonObject("data").getString("queueId")));
    }
}
