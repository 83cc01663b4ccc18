package io.switchboard.conversation;

import io.switchboard.events.EventTypes;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed events carry API.md's payloads and audiences: plain logic, no service. */
class ConversationEventsTest {

    private final UUID ws = UUID.randomUUID();
    private final UUID conversation = UUID.randomUUID();
    private final UUID queue = UUID.randomUUID();
    private final UUID otherQueue = UUID.randomUUID();
    private final UUID alice = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();

    @Test
    void aClaimIsToldToTheWholeQueue() {
        var claimed = new ConversationEvents.Claimed(ws, conversation, alice, queue);
        assertEquals(EventTypes.CONVERSATION_CLAIMED, claimed.type());
        assertEquals(Map.of("conversationId", conversation, "ownerId", alice), claimed.data());
        assertEquals(queue, claimed.audience().queueId());
        assertTrue(claimed.audience().includes(bob, false, Set.of(queue)), "R3: every other alert goes away");
    }

    @Test
    void aTransferBackToTheQueueReachesTheQueueTheOldOwnerAndBothQueuesFigures() {
        var assigned = new ConversationEvents.Assigned(ws, conversation, null, otherQueue, alice, queue, "transfer", false);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) assigned.data();
        assertNull(data.get("ownerId"));
        assertEquals(alice, data.get("previousOwnerId"));
        assertEquals(otherQueue, assigned.audience().queueId(), "unowned: its new queue hears of it");
        assertTrue(assigned.audience().agentIds().contains(alice));
        assertEquals(Set.of(queue, otherQueue), assigned.queues());
    }

    @Test
    void aTransferToAnAgentIsNotToldToTheQueue() {
        var assigned = new ConversationEvents.Assigned(ws, conversation, bob, queue, alice, queue, "transfer", false);
        assertNull(assigned.audience().queueId());
        assertEquals(Set.of(alice, bob), assigned.audience().agentIds());
        assertEquals(Set.of(queue), assigned.queues());
    }

    @Test
    void aRoutedAssignmentOfAWaitingConversationReachesTheQueueWhoseAlertGoesAway() {
        var routed = new ConversationEvents.Assigned(ws, conversation, bob, queue, null, queue, "routing", false);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) routed.data();
        assertEquals("routing", data.get("by"));
        assertNull(data.get("overCapacity"), "only said when it happened");
        assertEquals(queue, routed.audience().queueId(), "the queue saw it waiting: its alert goes (R3)");
        assertTrue(routed.audience().includes(alice, false, Set.of(queue)));
        assertTrue(routed.audience().agentIds().contains(bob));
    }

    @Test
    void aCloseReachesThoseWhoSawIt() {
        var ownedClose = new ConversationEvents.Closed(ws, conversation, alice, queue, alice);
        assertFalse(ownedClose.audience().includes(bob, false, Set.of(queue)), "R4: the queue did not see an owned one");
        var waitingClose = new ConversationEvents.Closed(ws, conversation, alice, queue, null);
        assertTrue(waitingClose.audience().includes(bob, false, Set.of(queue)));
        assertEquals(Map.of("conversationId", conversation, "closedBy", alice, "queueId", queue), waitingClose.data());
    }
}
