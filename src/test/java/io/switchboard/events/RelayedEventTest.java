package io.switchboard.events;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Inbox;
import io.switchboard.support.Sql;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An overloaded instance can take longer between its commit and its own append than the relay
 * waits before it takes the event over. The relay then appends it first; the committing
 * instance's append, when it finally runs, must find it appended and not repeat it to every client
 * (seen in an inbound storm past saturation before the relay kept its markers).
 */
@QuarkusTest
class RelayedEventTest {

    private static final String TS = "2026-11-30T00:00:00Z";

    @Inject
    EventStream stream;

    @Inject
    ReactiveRedisDataSource redis;

    @Test
    void aSlowInstancesOwnAppendAfterTheRelayDoesNotRepeatTheEvent() {
        Inbox inbox = Inbox.withAgents(1);
        String conversation = inbox.inbound("hello");
        UUID workspace = UUID.fromString(inbox.ws().id());
        UUID key = UUID.randomUUID();
        String text = "committed, then slow " + key;
        String data = new JsonObject().put("id", UUID.randomUUID().toString()).put("conversationId", conversation)
                .put("authorId", inbox.agent(0).id()).put("text", text).put("createdAt", TS).encode();

        // Committed a while ago; the instance that committed it has not appended it yet.
        Sql.update("""
                insert into pending_event (id, workspace_id, type, ts, audience_queue, audience_agents, audience_supervisors, data, created_at)
                values (?::uuid, ?::uuid, 'note.created', ?, ?::uuid, '', true, ?, now() - interval '5 seconds')""",
                key.toString(), workspace.toString(), TS, inbox.queueId(), data);
        await().atMost(Duration.ofSeconds(15)).until(() ->
                Sql.count("select count(*) from pending_event where id = ?::uuid", key.toString()) == 0);
        // ...and dealt with its marker (no longer the week an event waiting for the relay keeps it).
        await().atMost(Duration.ofSeconds(5)).until(() -> markerTtl(workspace, key) <= Long.parseLong(EventStream.RELAYED_MARKER_TTL_SECONDS));
        assertEquals(1, copiesInStream(workspace, text), "the relay appended it");

        // The committing instance's own append comes at last.
        EventStream.Recorded late = new EventStream.Recorded(key, "note.created", TS,
                new Audience(UUID.fromString(inbox.queueId()), Set.of(), true), data);
        stream.appendOnce(workspace, List.of(late)).await().atMost(Duration.ofSeconds(5));

        assertEquals(1, copiesInStream(workspace, text), "appended once, whoever came first");
        long ttl = markerTtl(workspace, key);
        assertTrue(relayedMarker(ttl),
                "the marker stays for a bounded time, not the week an unrelayed one may wait: " + ttl);
    }

    private long copiesInStream(UUID workspace, String text) {
        return stream.after(workspace, StreamId.of("0-0"), 10_000).await().atMost(Duration.ofSeconds(5)).stream()
                .filter(event -> event.dataJson().contains(text))
                .count();
    }

    /** A marker the relay kept: still there, for at most the hour it is given. */
    private static boolean relayedMarker(long ttlSeconds) {
        return ttlSeconds > 0 && ttlSeconds <= Long.parseLong(EventStream.RELAYED_MARKER_TTL_SECONDS);
    }

    private long markerTtl(UUID workspace, UUID key) {
        // -2 when there is no marker at all.
        return redis.execute("TTL", EventStream.appendedKey(workspace, key)).await().atMost(Duration.ofSeconds(5)).toLong();
    }
}
