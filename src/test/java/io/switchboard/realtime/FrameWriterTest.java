package io.switchboard.realtime;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.LiveClient;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Collection;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frames skip websockets-next's per-frame Uni: a Quarkus upgrade that hides its socket fails here, not only in a profile. */
@QuarkusTest
class FrameWriterTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    SessionRegistry registry;

    @Test
    void liveFramesGoStraightToTheVertxSocket() {
        Inbox inbox = Inbox.withAgents(1);
        User agent = inbox.agent(0);
        try (LiveClient live = LiveClient.connect(base, agent.token())) {
            String id = inbox.inbound("straight through");
            live.awaitEvent("conversation.created", f -> id.equals(f.getJsonObject("data").getString("id")));
            Collection<InboxSession> sessions = registry.sessionsOf(UUID.fromString(agent.id()), UUID.fromString(inbox.ws().id()));
            assertEquals(1, sessions.size());
            assertTrue(sessions.iterator().next().writesDirectly(), "frames went through sendText: websockets-next's socket is out of reach");
        }
    }
}
