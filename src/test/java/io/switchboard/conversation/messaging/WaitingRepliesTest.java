package io.switchboard.conversation.messaging;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** R26: the waiting reply's placeholders, filled in. */
class WaitingRepliesTest {

    private static final String TEXT = "You are number {position} in line, about {minutes} minutes.";

    @Test
    void minutesAreRoundedUpAndNeverZero() {
        assertEquals("You are number 3 in line, about 5 minutes.", WaitingReplies.fill(TEXT, new WaitingReplies.Place(3, 250)));
        assertEquals("You are number 1 in line, about 1 minutes.", WaitingReplies.fill(TEXT, new WaitingReplies.Place(1, 0)));
        assertEquals("You are number 2 in line, about 2 minutes.", WaitingReplies.fill(TEXT, new WaitingReplies.Place(2, 61)));
    }

    @Test
    void anUnknownWaitIsSaidPlainly() {
        assertEquals("You are number 4 in line, about a few minutes.", WaitingReplies.fill(TEXT, new WaitingReplies.Place(4, null)));
        assertEquals("Thanks, we will be with you soon.", WaitingReplies.fill("Thanks, we will be with you soon.", new WaitingReplies.Place(4, null)));
    }
}
