package io.switchboard.conversation;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.Sql;
import io.switchboard.support.Webhooks;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** R17: views, filters, search, sort and paging of conversation lists, and what each role may list. */
@QuarkusTest
class ConversationListTest {

    /** The query as written in a URL but unencoded ({@code view=queue&q=+4477}); REST Assured encodes each value. */
    private static ValidatableResponse list(User user, String query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                params.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return user.api().queryParams(params).get("/api/conversations").then();
    }

    private static List<String> ids(User user, String query) {
        return list(user, query).statusCode(200).extract().path("items.id");
    }

    private static void claim(User agent, String conversationId) {
        agent.api().post("/api/conversations/" + conversationId + "/claim").then().statusCode(200);
    }

    private static String contactOf(String conversationId) {
        return Sql.text("select contact_id::text from conversation where id = ?::uuid", conversationId);
    }

    @Test
    void eachViewListsWhatItsNameSaysAndAgentsSeeOnlyTheirOwn() {
        Inbox stage = Inbox.withAgents(2);
        User alice = stage.agent(0);
        User bob = stage.agent(1);
        String waiting = stage.inbound("waiting one");
        String alices = stage.inbound("for alice");
        String bobs = stage.inbound("for bob");
        String closed = stage.inbound("closed by alice");
        claim(alice, alices);
        claim(bob, bobs);
        claim(alice, closed);
        alice.api().post("/api/conversations/" + closed + "/close").then().statusCode(200);

        assertThat(ids(alice, "view=mine"), List.of(alices));
        assertThat(ids(alice, "view=queue"), List.of(waiting));
        assertThat(ids(alice, "view=closed"), List.of(closed));
        assertThat(ids(bob, "view=closed"), List.of());
        // The default view is mine.
        assertThat(ids(bob, ""), List.of(bobs));

        list(alice, "view=all").statusCode(403).body("error", equalTo("forbidden"));
        assertThat(ids(stage.supervisor(), "view=all"), List.of(bobs, alices, waiting));
        assertThat(ids(stage.supervisor(), "view=closed"), List.of(closed));
        list(stage.ws().admin(), "view=all").statusCode(200).body("total", equalTo(3));

        // Filters never widen what an agent may see: bob's conversation stays out of alice's lists.
        List<String> everythingAliceCanFind = ids(alice, "view=mine&status=ACTIVE&q=for");
        assertThat(everythingAliceCanFind, List.of(alices));
    }

    @Test
    void filtersByStatusQueueTagChannelAndUnread() {
        Inbox stage = Inbox.withAgents(1);
        User agent = stage.agent(0);
        User supervisor = stage.supervisor();
        String secondQueue = stage.ws().queue(agent);
        String whatsapp = stage.ws().admin().api()
                .body(Map.of("number", Fixtures.uniqueNumber(), "channel", "WHATSAPP", "queueId", secondQueue))
                .post("/api/senders").then().statusCode(201).extract().path("number");
        String sms = stage.inbound("sms one");
        String viaWhatsapp = inboundWhatsapp(whatsapp, stage.ws().id());
        claim(agent, sms);
        claim(agent, viaWhatsapp);

        assertThat(ids(agent, "view=mine&channel=WHATSAPP"), List.of(viaWhatsapp));
        assertThat(ids(agent, "view=mine&channel=sms"), List.of(sms));
        assertThat(ids(agent, "view=mine&queueId=" + secondQueue), List.of(viaWhatsapp));
        assertThat(ids(supervisor, "view=all&queueId=" + stage.queueId()), List.of(sms));

        agent.api().body(Map.of("tags", List.of("VIP ", "billing"))).put("/api/conversations/" + sms + "/tags").then().statusCode(200);
        assertThat(ids(agent, "view=mine&tag=vip"), List.of(sms));
        assertThat(ids(agent, "view=mine&tag=other"), List.of());

        // Claiming reads it; a contact's new message makes it unread for its owner only.
        assertThat(ids(agent, "view=mine&unread=true"), List.of());
        stage.reply(sms, "are you there?");
        assertThat(ids(agent, "view=mine&unread=true"), List.of(sms));
        list(agent, "view=mine&unread=true").body("items[0].unreadCount", equalTo(1));
        agent.api().post("/api/conversations/" + sms + "/read").then().statusCode(200);
        assertThat(ids(agent, "view=mine&unread=true"), List.of());
        agent.api().post("/api/conversations/" + viaWhatsapp + "/unread").then().statusCode(200);
        assertThat(ids(agent, "view=mine&unread=true"), List.of(viaWhatsapp));

        // Status: a conversation we started and the contact never answered is UNANSWERED (R2).
        String started = agent.api().body(Map.of("queueId", stage.queueId(), "to", "+" + Fixtures.uniqueNumber(), "text", "hello"))
                .post("/api/conversations").then().statusCode(201).extract().path("id");
        assertThat(ids(agent, "view=mine&status=UNANSWERED"), List.of(started));
        assertFalse(ids(agent, "view=mine&status=ACTIVE").contains(started));
    }

    private static String inboundWhatsapp(String senderNumber, String workspaceId) {
        String from = Fixtures.uniqueNumber();
        Webhooks.post(Webhooks.whatsappText(from, senderNumber, "via whatsapp", "Wendy")).then().statusCode(200);
        return Sql.text("select c.id::text from conversation c join contact k on k.id = c.contact_id where k.number = ? and c.workspace_id = ?::uuid",
                from, workspaceId);
    }

    @Test
    void searchFindsByContactNameNumberAndMessageText() {
        Inbox stage = Inbox.withAgents(1);
        User agent = stage.agent(0);
        String byName = stage.inbound("first");
        String byText = stage.inbound("my parcel 4711 is late");
        String other = stage.inbound("unrelated");
        agent.api().body(Map.of("name", "Margarethe Okonkwo")).put("/api/contacts/" + contactOf(byName)).then().statusCode(200);
        String number = Sql.text("select number from contact where id = ?::uuid", contactOf(other));

        assertThat(ids(agent, "view=queue&q=okonkwo"), List.of(byName));
        assertThat(ids(agent, "view=queue&q=PARCEL 4711"), List.of(byText));
        assertThat(ids(agent, "view=queue&q=+" + number), List.of(other));
        assertThat(ids(agent, "view=queue&q=" + number.substring(number.length() - 6)), List.of(other));
        assertThat(ids(agent, "view=queue&q=nothing-like-this"), List.of());
        // LIKE wildcards in q are literal.
        assertThat(ids(agent, "view=queue&q=%"), List.of());
    }

    @Test
    void sortsByLastActivityOrContactAndPagesWithTotal() {
        Inbox stage = Inbox.withAgents(1);
        User agent = stage.agent(0);
        String first = stage.inbound("one");
        String second = stage.inbound("two");
        String third = stage.inbound("three");
        stage.reply(first, "bump");
        agent.api().body(Map.of("name", "Zed")).put("/api/contacts/" + contactOf(first)).then().statusCode(200);
        agent.api().body(Map.of("name", "Abe")).put("/api/contacts/" + contactOf(second)).then().statusCode(200);
        agent.api().body(Map.of("name", "Mia")).put("/api/contacts/" + contactOf(third)).then().statusCode(200);

        assertThat(ids(agent, "view=queue"), List.of(first, third, second));
        assertThat(ids(agent, "view=queue&sort=lastMessageAt,asc"), List.of(second, third, first));
        assertThat(ids(agent, "view=queue&sort=contact,asc"), List.of(second, third, first));
        assertThat(ids(agent, "view=queue&sort=contact,desc"), List.of(first, third, second));

        list(agent, "view=queue&size=2&page=0").statusCode(200)
                .body("items.id", contains(first, third)).body("total", equalTo(3)).body("page", equalTo(0)).body("size", equalTo(2));
        list(agent, "view=queue&size=2&page=1").statusCode(200).body("items.id", contains(second)).body("total", equalTo(3));
        list(agent, "view=queue&size=2&page=5").statusCode(200).body("items", empty()).body("total", equalTo(3));
    }

    @Test
    void pinnedConversationsLeadTheOwnersListAndArchivedOnesLeaveIt() {
        Inbox stage = Inbox.withAgents(1);
        User agent = stage.agent(0);
        String older = stage.inbound("older");
        String newer = stage.inbound("newer");
        claim(agent, older);
        claim(agent, newer);
        assertThat(ids(agent, "view=mine"), List.of(newer, older));

        agent.api().post("/api/conversations/" + older + "/pin").then().statusCode(200);
        assertThat(ids(agent, "view=mine"), List.of(older, newer));
        list(agent, "view=mine").body("items[0].pinned", equalTo(true));

        agent.api().post("/api/conversations/" + newer + "/archive").then().statusCode(200);
        assertThat(ids(agent, "view=mine"), List.of(older));
        assertThat(ids(agent, "view=mine&archived=true"), List.of(newer));
    }

    @Test
    void badQueryParametersAreNamedAndAnotherWorkspaceStaysInvisible() {
        Inbox stage = Inbox.withAgents(1);
        User agent = stage.agent(0);
        list(agent, "view=everything").statusCode(400).body("error", equalTo("invalid_field")).body("field", equalTo("view"));
        list(agent, "status=OPEN").statusCode(400).body("field", equalTo("status"));
        list(agent, "channel=FAX").statusCode(400).body("field", equalTo("channel"));
        list(agent, "queueId=nope").statusCode(400).body("field", equalTo("queueId"));
        list(agent, "sort=price,desc").statusCode(400).body("field", equalTo("sort"));
        list(agent, "unread=maybe").statusCode(400).body("field", equalTo("unread"));
        list(agent, "size=1000").statusCode(400).body("field", equalTo("size"));

        String mine = stage.inbound("in the first workspace");
        Inbox elsewhere = Inbox.withAgents(1);
        List<String> seenElsewhere = ids(elsewhere.supervisor(), "view=all&q=first workspace");
        assertThat(seenElsewhere, List.of());
        list(elsewhere.supervisor(), "view=all&queueId=" + stage.queueId()).body("items.id", not(hasItem(mine)));
    }

    /** #20: a supervisor lists one person's conversations (a closed one by its last owner) to reassign them. */
    @Test
    void filtersByOwnerForAReassignment() {
        Inbox stage = Inbox.withAgents(2);
        String first = stage.inbound("for the first");
        String second = stage.inbound("for the second");
        String closed = stage.inbound("closed by the first");
        claim(stage.agent(0), first);
        claim(stage.agent(1), second);
        claim(stage.agent(0), closed);
        stage.agent(0).api().post("/api/conversations/" + closed + "/close").then().statusCode(200);

        assertThat(ids(stage.supervisor(), "view=all&ownerId=" + stage.agent(0).id()), List.of(first));
        assertThat(ids(stage.supervisor(), "view=closed&ownerId=" + stage.agent(0).id()), List.of(closed));
        assertThat(ids(stage.agent(1), "view=queue&ownerId=" + stage.agent(0).id()), List.of());
        list(stage.supervisor(), "ownerId=someone").statusCode(400).body("field", equalTo("ownerId"));
    }

    private static void assertThat(List<String> actual, List<String> expected) {
        org.hamcrest.MatcherAssert.assertThat(actual, expected.isEmpty() ? empty() : contains(expected.toArray()));
    }
}
