package io.switchboard.events;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who receives an event (R3, R4): plain logic, no service. */
class AudienceTest {

    private final UUID queue = UUID.randomUUID();
    private final UUID owner = UUID.randomUUID();
    private final UUID colleague = UUID.randomUUID();

    @Test
    void anUnownedConversationIsSeenByItsQueueAndSupervisors() {
        Audience audience = Audience.conversation(queue, null);
        assertTrue(audience.includes(colleague, false, Set.of(queue)));
        assertFalse(audience.includes(colleague, false, Set.of(UUID.randomUUID())), "another queue's agent");
        assertTrue(audience.includes(colleague, true, Set.of()), "a supervisor");
    }

    @Test
    void anOwnedConversationIsSeenByItsOwnerAndSupervisorsOnly() {
        Audience audience = Audience.conversation(queue, owner);
        assertTrue(audience.includes(owner, false, Set.of()));
        assertFalse(audience.includes(colleague, false, Set.of(queue)), "R4: a queue colleague no longer sees it");
        assertTrue(audience.includes(colleague, true, Set.of()));
    }

    @Test
    void oneAgentsEventsReachNobodyElseNotEvenSupervisors() {
        Audience audience = Audience.agent(owner);
        assertTrue(audience.includes(owner, false, Set.of()));
        assertFalse(audience.includes(colleague, true, Set.of(queue)));
    }
}
