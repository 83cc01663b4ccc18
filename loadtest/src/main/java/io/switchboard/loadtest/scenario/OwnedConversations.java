package io.switchboard.loadtest.scenario;

import io.switchboard.loadtest.client.ApiResponse;
import io.switchboard.loadtest.support.Await;
import io.switchboard.loadtest.support.PhoneNumbers;
import io.switchboard.loadtest.support.Progress;
import io.switchboard.loadtest.target.SwitchboardTarget;
import io.switchboard.loadtest.target.SwitchboardTarget.Agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Conversations of a run that an agent owns: each started by an inbound webhook from a new contact, then claimed. */
final class OwnedConversations {

    /** A conversation, the contact who wrote it and the agent who claimed it (and so may write in it). */
    record Owned(String conversationId, String contact, Agent owner) {
    }

    private OwnedConversations() {
    }

    /** Conversation k: an inbound webhook from a new contact, then claimed by agent k % N; those not claimed are left out. */
    static List<Owned> createAndClaim(String scenario, SwitchboardTarget switchboard, AlertTracker tracker, int listeners,
                                      int count, int drainSeconds) {
        PhoneNumbers numbers = new PhoneNumbers();
        AlertTracker.Window window = new AlertTracker.Window();
        List<String> contacts = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            String contact = numbers.nextContact();
            contacts.add(contact);
            tracker.expect(contact, System.nanoTime(), window, listeners);
            ApiResponse reply = Await.result(switchboard.inbound(k, contact, scenario + " conversation " + k), Duration.ofSeconds(30));
            if (!switchboard.accepted(reply)) {
                throw new IllegalStateException("inbound webhook answered " + reply.status() + " " + reply.body());
            }
        }
        Await.until(() -> contacts.stream().allMatch(c -> tracker.conversationOf(c) != null), Duration.ofSeconds(drainSeconds));
        List<Owned> owned = new ArrayList<>();
        List<Agent> team = switchboard.agents();
        for (int k = 0; k < contacts.size(); k++) {
            String id = tracker.conversationOf(contacts.get(k));
            if (id == null) {
                continue;
            }
            Agent agent = team.get(k % team.size());
            ApiResponse claim = Await.result(switchboard.claim(agent, id), Duration.ofSeconds(30));
            if (claim.status() == 200) {
                owned.add(new Owned(id, contacts.get(k), agent));
            } else {
                Progress.say(scenario, "claim of " + id + " answered " + claim.status() + " " + claim.body());
            }
        }
        Progress.say(scenario, owned.size() + " of " + count + " conversations created and claimed");
        return owned;
    }
}
