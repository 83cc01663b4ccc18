package io.switchboard.browser;

import io.restassured.RestAssured;
import io.switchboard.support.Axe;
import io.switchboard.support.Browser;
import io.switchboard.support.Browsers;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.ServiceInstance;
import io.switchboard.support.Sql;
import io.switchboard.support.Webhooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference web client (src/main/resources/META-INF/resources) in real browsers against the
 * packaged service: two agents in two browsers and a supervisor's wallboard in a third, around
 * one inbound message and one claim.
 */
class InboxBrowserTest {

    static ServiceInstance instance;

    @RegisterExtension
    final Browsers browsers = new Browsers();

    @BeforeAll
    static void startService() {
        Browser.requireInstalled();
        instance = ServiceInstance.start("browser");
        RestAssured.port = instance.port();
    }

    @AfterAll
    static void stopService() {
        Browsers.closeKept();
        ServiceInstance.closeAll(instance);
    }

    private static String alert(String conversationId) {
        return "#alerts li[data-conversation-id='" + conversationId + "']";
    }

    private static int bell(User agent) {
        return agent.api().get("/api/bell").then().statusCode(200).extract().path("count");
    }

    private Browser inbox(String name, User user) {
        return browsers.open(name, instance.base()).go("/").logIn(user);
    }

    /** What the page's bell shows is what the server counts for that agent (R14). */
    private static void awaitBellMatchesServer(Browser browser, User agent) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertEquals(String.valueOf(bell(agent)), browser.text("#bell-count"), browser.name() + "'s bell"));
    }

    @Test
    void bothAgentsSeeTheAlertAndTheLoserLosesItWhenTheOtherClaims() {
        Inbox stage = Inbox.withAgents(2);
        User winner = stage.agent(0);
        User loser = stage.agent(1);
        String queue = stage.queueId();

        Browser wallboard = browsers.open("supervisor", instance.base())
                .go("wallboard.html?queueId=" + queue).logIn(stage.supervisor());
        wallboard.waitAttribute("#board", "data-queue-id", queue);
        wallboard.waitText("#stat-waiting", "0");
        wallboard.waitText("#stat-active", "0");
        wallboard.waitText("#presence-counts li[data-presence='READY'] .value", "2");

        Browser first = inbox("agent-1", winner);
        Browser second = inbox("agent-2", loser);
        for (Browser agent : new Browser[] {first, second}) {
            agent.waitText("#bell-count", "0");
            agent.waitVisible("#alerts-empty");
        }

        String conversation = stage.inbound("Hi, where is my parcel?");

        for (Browser agent : new Browser[] {first, second}) {
            agent.waitVisible(alert(conversation));
            agent.waitText(alert(conversation) + " .preview", "Hi, where is my parcel?");
            agent.waitText("#bell-count", "1");
            agent.waitText("#alerts-count", "1");
        }
        wallboard.waitText("#stat-waiting", "1");
        wallboard.waitText("#stat-active", "0");

        first.click(alert(conversation) + " button.claim");

        second.waitGone(alert(conversation));
        second.waitText("#bell-count", "0");
        first.waitGone(alert(conversation));
        first.waitVisible("#conversations li[data-conversation-id='" + conversation + "']");
        first.waitAttribute("#detail-panel", "data-conversation-id", conversation);
        first.waitText("#timeline .message.in .text", "Hi, where is my parcel?");
        awaitBellMatchesServer(first, winner);
        wallboard.waitText("#stat-waiting", "0");
        wallboard.waitText("#stat-active", "1");
        wallboard.waitText("#stat-claimed", "1");

        // Presence moves the wallboard live (R21): the loser goes on a phone call.
        second.select("#presence", "BUSY");
        second.waitAttribute("#presence", "data-presence", "BUSY");
        wallboard.waitText("#presence-counts li[data-presence='BUSY'] .value", "1");
        wallboard.waitText("#presence-counts li[data-presence='READY'] .value", "1");
        wallboard.waitAttribute("#agents li[data-agent-id='" + loser.id() + "']", "data-presence", "BUSY");

        first.screenshot("inbox.png");
        wallboard.screenshot("wallboard.png");
        first.resize(390, 844);
        first.screenshot("inbox-phone.png");
    }

    @Test
    void aSupervisorReadsTheWeeksReportOnTheWallboardAndDownloadsIt() throws Exception {
        Inbox stage = Inbox.withAgents(1);
        stage.ws().admin().api().body(Map.of("enabled", true)).put("/api/queues/" + stage.queueId() + "/survey").then().statusCode(200);
        String id = stage.inbound("Report on me");
        stage.agent(0).api().post("/api/conversations/" + id + "/claim").then().statusCode(200);
        stage.agent(0).api().post("/api/conversations/" + id + "/close").then().statusCode(200);
        stage.reply(id, "4"); // #21: the contact answers the satisfaction survey

        Browser wallboard = browsers.open("supervisor", instance.base())
                .go("wallboard.html?queueId=" + stage.queueId()).logIn(stage.supervisor());
        wallboard.waitAttribute("#board", "data-queue-id", stage.queueId());
        wallboard.waitText("#stat-csat", "4.0");
        wallboard.waitText("#stat-survey-rate", "100%");
        wallboard.waitText("#stat-surveys-sent", "1");
        wallboard.click("#report-form button[type=submit]");
        String row = "#report-rows tr[data-agent-id='" + stage.agent(0).id() + "']";
        wallboard.waitContains(row, "4.0 (1 of 1)");
        wallboard.waitContains("#report-zone", "UTC");
        wallboard.screenshot("report.png");
        wallboard.click("#report-csv-agents");
        String csv = Files.readString(wallboard.awaitDownload("agents-" + java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(6)
                + "-" + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + ".csv"));
        assertTrue(csv.startsWith("id,name,handled,"), csv);
        assertTrue(csv.contains(stage.agent(0).id() + ","), csv);
    }

    @Test
    void theOwnerNamesAndClassifiesTheContact() {
        Inbox stage = Inbox.withAgents(1);
        String[] id = new String[1];
        Browser owner = ownerOfNewConversation(stage, "Hi, it's Dana from Acme", id);
        owner.click("#contact-editor summary");
        owner.type("#contact-name", "Dana Acme");
        owner.select("#contact-classification", "LEAD");
        owner.type("#contact-notes", "Wants a quote for 40 seats");
        owner.click("#contact-form button[type=submit]");
        owner.waitContains("#detail-title", "Dana Acme");
        owner.waitContains("#conversations li[data-conversation-id='" + id[0] + "'] .who", "Dana Acme");
        owner.screenshot("contact.png");
        String contact = Sql.text("select contact_id from conversation where id = ?::uuid", id[0]);
        assertEquals("Dana Acme|LEAD|Wants a quote for 40 seats",
                Sql.text("select name || '|' || classification || '|' || notes from contact where id = ?::uuid", contact));
    }

    /** #20: no serious or critical axe-core violation on the inbox (list, alert, open conversation) or the wallboard. */
    @Test
    void theInboxAndTheWallboardPassAxe() {
        Inbox stage = Inbox.withAgents(1);
        String[] id = new String[1];
        Browser owner = ownerOfNewConversation(stage, "Accessible?", id);
        stage.inbound("Another one waiting");
        owner.waitText("#alerts-count", "1");
        assertEquals(List.of(), Axe.seriousViolations(owner), "inbox");

        Browser wallboard = browsers.open("supervisor", instance.base())
                .go("wallboard.html?queueId=" + stage.queueId()).logIn(stage.supervisor());
        wallboard.waitAttribute("#board", "data-queue-id", stage.queueId());
        wallboard.click("#report-form button[type=submit]");
        wallboard.waitVisible("#report-table");
        assertEquals(List.of(), Axe.seriousViolations(wallboard), "wallboard");
    }

    /** Logs the agent in, lets a contact text, and claims from the alert: the conversation opens. */
    private Browser ownerOfNewConversation(Inbox stage, String text, String[] conversation) {
        Browser browser = inbox("owner", stage.agent(0));
        conversation[0] = stage.inbound(text);
        browser.click(alert(conversation[0]) + " button.claim");
        browser.waitAttribute("#detail-panel", "data-conversation-id", conversation[0]);
        return browser;
    }

    @Test
    void theOwnerRepliesSeesTheAnswerLiveAndCloses() {
        Inbox stage = Inbox.withAgents(1);
        String[] id = new String[1];
        Browser browser = ownerOfNewConversation(stage, "My order never arrived", id);
        String conversation = id[0];

        browser.type("#reply-text", "Sorry about that, let me check.");
        browser.click("#reply-form button[type=submit]");
        browser.waitAnyText("#timeline .message.out .text", "Sorry about that, let me check.");
        assertEquals(1, Sql.count("select count(*) from message where conversation_id = ?::uuid and direction = 'OUT'", conversation));

        // The contact answers while the conversation is open: it appears live and is read at once.
        stage.reply(conversation, "Thanks!");
        browser.waitAnyText("#timeline .message.in .text", "Thanks!");
        browser.waitText("#bell-count", "0");

        browser.click("#close-conversation");
        browser.acceptConfirm();
        browser.waitAttribute("#detail-panel", "data-status", "CLOSED");
        browser.waitGone("#reply-form");
        browser.waitGone("#conversations li[data-conversation-id='" + conversation + "']");
        assertEquals("CLOSED", Sql.text("select status from conversation where id = ?::uuid", conversation));
    }

    @Test
    void anInternalNoteJoinsTheTimeline() {
        Inbox stage = Inbox.withAgents(1);
        String[] id = new String[1];
        Browser browser = ownerOfNewConversation(stage, "Can I change my delivery address?", id);

        browser.type("#note-text", "Regular customer, check the courier first");
        browser.click("#note-form button[type=submit]");
        browser.waitAnyText("#timeline .note .text", "Regular customer, check the courier first");
        assertEquals(1, Sql.count("select count(*) from note where conversation_id = ?::uuid", id[0]));
        assertEquals(0, Sql.count("select count(*) from message where conversation_id = ?::uuid and direction = 'OUT'", id[0]),
                "a note is never sent to the contact (R12)");
    }

    @Test
    void notificationSettingsAreKeptOnTheServer() {
        Inbox stage = Inbox.withAgents(1);
        User agent = stage.agent(0);
        Browser browser = inbox("owner", agent);
        browser.click("#preferences summary");
        browser.click("#pref-sound");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                Boolean.TRUE.equals(agent.api().get("/api/me/preferences").then().extract().path("sound")));
        assertEquals(Boolean.FALSE, agent.api().get("/api/me/preferences").then().extract().path("desktopNotifications"));
        browser.screenshot("notification-settings.png");
    }

    @Test
    void theKeyboardClaimsAnAlertAndSendsWithCtrlEnter() {
        Inbox stage = Inbox.withAgents(1);
        Browser browser = inbox("owner", stage.agent(0));
        String id = stage.inbound("Keyboard only, please");
        browser.press(alert(id) + " button.claim", "c");
        browser.waitAttribute("#detail-panel", "data-conversation-id", id);
        assertEquals(stage.agent(0).id(), Sql.text("select owner_id from conversation where id = ?::uuid", id));
        browser.type("#reply-text", "Typed and sent from the keyboard");
        browser.press("#reply-text", Keys.chord(Keys.CONTROL, Keys.ENTER));
        browser.waitAnyText("#timeline .message.out .text", "Typed and sent from the keyboard");
    }

    @Test
    void theOwnerSendsAQuickReplyWithItsVariablesFilledIn() {
        Inbox stage = Inbox.withAgents(1);
        String templateId = stage.ws().admin().api().body(Map.of("name", "Order ETA", "text", "Hi {{1}}, your order arrives {{2}}."))
                .post("/api/templates").then().statusCode(201).extract().path("id");
        String[] id = new String[1];
        Browser browser = ownerOfNewConversation(stage, "When does my order come?", id);

        browser.select("#reply-template", templateId);
        browser.type("#template-values input[data-variable='1']", "Sam");
        browser.type("#template-values input[data-variable='2']", "tomorrow");
        assertEquals("Hi Sam, your order arrives tomorrow.", browser.find("#reply-text").getAttribute("value"), "the preview follows the values");
        browser.screenshot("quick-reply-variables.png");
        browser.click("#reply-form button[type=submit]");
        browser.waitAnyText("#timeline .message.out .text", "Hi Sam, your order arrives tomorrow.");
        assertEquals("Hi Sam, your order arrives tomorrow.",
                Sql.text("select text from message where conversation_id = ?::uuid and direction = 'OUT'", id[0]));
    }

    @Test
    void theListIsSearchedFilteredAndSortedAndFollowsLiveEvents() {
        Inbox stage = Inbox.withAgents(1);
        String[] refund = new String[1];
        Browser browser = ownerOfNewConversation(stage, "I want a refund please", refund);
        String parcel = stage.inbound("Where is my parcel?");
        browser.click(alert(parcel) + " button.claim");
        browser.waitVisible("#conversations li[data-conversation-id='" + parcel + "']");

        browser.type("#search", "refund");
        browser.waitGone("#conversations li[data-conversation-id='" + parcel + "']");
        browser.waitVisible("#conversations li[data-conversation-id='" + refund[0] + "']");
        // A new message matching the search joins the list as it arrives.
        stage.reply(parcel, "and a refund for it too");
        browser.waitVisible("#conversations li[data-conversation-id='" + parcel + "']");
        browser.screenshot("search.png");

        browser.find("#search").clear();
        browser.type("#search", "nothing matches this");
        browser.waitVisible("#conversations-empty");
        browser.find("#search").clear();
        browser.select("#sort", "lastMessageAt,asc");
        browser.waitAttribute("#conversations li:first-child", "data-conversation-id", refund[0]);

        // By tag and by channel (R17).
        stage.agent(0).api().body(Map.of("tags", List.of("billing"))).put("/api/conversations/" + refund[0] + "/tags")
                .then().statusCode(200);
        browser.type("#filter-tag", "billing");
        browser.press("#filter-tag", Keys.ENTER);
        browser.waitGone("#conversations li[data-conversation-id='" + parcel + "']");
        browser.waitVisible("#conversations li[data-conversation-id='" + refund[0] + "']");
        browser.select("#filter-channel", "WHATSAPP");
        browser.waitVisible("#conversations-empty");
        browser.select("#filter-channel", "SMS");
        browser.waitVisible("#conversations li[data-conversation-id='" + refund[0] + "']");
    }

    @Test
    void theOwnerPinsMutesAndArchivesAConversation() {
        Inbox stage = Inbox.withAgents(1);
        String[] id = new String[1];
        Browser browser = ownerOfNewConversation(stage, "Keep this one on top", id);
        String item = "#conversations li[data-conversation-id='" + id[0] + "']";
        browser.click("#flag-pin");
        browser.waitAttribute("#flag-pin", "aria-pressed", "true");
        browser.waitVisible(item + " .pin");
        browser.click("#flag-mute");
        browser.waitAttribute("#flag-mute", "aria-pressed", "true");
        browser.screenshot("flags.png");
        browser.click("#flag-archive");
        browser.waitAttribute("#flag-archive", "aria-pressed", "true");
        browser.waitGone(item);
        assertEquals(1L, Sql.count("""
                select count(*) from conversation_agent_state where conversation_id = ?::uuid and agent_id = ?::uuid
                and pinned and muted and archived""", id[0], stage.agent(0).id()));
    }

    @Test
    void anAgentAcceptsAnOffer() {
        Inbox stage = Inbox.withAgents(1);
        stage.ws().admin().api().body(Map.of("mode", "ROUND_ROBIN", "offerSeconds", 60))
                .put("/api/queues/" + stage.queueId() + "/routing").then().statusCode(200);
        Browser agent = inbox("agent", stage.agent(0));
        agent.waitText("#bell-count", "0");
        String id = stage.inbound("Offer me to someone");
        String offer = "#offers li[data-conversation-id='" + id + "']";
        agent.waitVisible(offer);
        agent.waitContains(offer, "Offered to you");
        agent.screenshot("offer.png");
        agent.click(offer + " button.accept");
        agent.waitGone(offer);
        agent.waitAttribute("#detail-panel", "data-conversation-id", id);
        assertEquals(stage.agent(0).id(), Sql.text("select owner_id from conversation where id = ?::uuid", id));
    }

    @Test
    void anAgentStartsAConversationWithANumber() {
        Inbox stage = Inbox.withAgents(1);
        Browser browser = inbox("owner", stage.agent(0));
        browser.click("#start summary");
        String number = Fixtures.uniqueNumber();
        browser.type("#start-to", number);
        browser.type("#start-text", "Hello from the shop, your order is ready.");
        browser.click("#start-form button[type=submit]");
        browser.waitAnyText("#timeline .message.out .text", "Hello from the shop, your order is ready.");
        String id = Sql.text("select c.id from conversation c join contact k on k.id = c.contact_id where k.number = ?", number);
        browser.waitAttribute("#detail-panel", "data-conversation-id", id);
        browser.waitVisible("#conversations li[data-conversation-id='" + id + "']");
        assertEquals(stage.agent(0).id(), Sql.text("select owner_id from conversation where id = ?::uuid", id), "R2: the starter owns it");
        browser.screenshot("start-conversation.png");
    }

    @Test
    void mediaShowAsImagesInPlaceAndOtherFilesAsDownloads() {
        Inbox stage = Inbox.withAgents(1);
        Browser browser = inbox("owner", stage.agent(0));
        String photo = "https://media.example.invalid/photo.jpg";
        String invoice = "https://media.example.invalid/invoice.pdf";
        String[] ids = new String[2];
        String[] urls = {photo, invoice};
        for (int i = 0; i < 2; i++) {
            String from = Fixtures.uniqueNumber();
            Webhooks.post(Webhooks.mmsImage(from, stage.senderNumber(), urls[i])).then().statusCode(200);
            ids[i] = Sql.text("select c.id from conversation c join contact k on k.id = c.contact_id where k.number = ?", from);
            browser.click(alert(ids[i]) + " button.claim");
            browser.waitAttribute("#detail-panel", "data-conversation-id", ids[i]);
        }
        browser.waitVisible("#timeline .message.in a.media.download[href='" + invoice + "']");
        browser.click("#conversations li[data-conversation-id='" + ids[0] + "'] button.open");
        browser.waitAttribute("#detail-panel", "data-conversation-id", ids[0]);
        // The image is shown in place, or, when it cannot load (as here, offline), a link to it.
        browser.waitVisible("#timeline .message.in a.media.image[href='" + photo + "']");
        browser.screenshot("media.png");
    }

    @Test
    void aSupervisorSeesTheOwnerTypingAReply() {
        Inbox stage = Inbox.withAgents(1);
        String[] id = new String[1];
        Browser owner = ownerOfNewConversation(stage, "Are you there?", id);
        Browser supervisor = inbox("supervisor", stage.supervisor());
        supervisor.select("#view", "all");
        supervisor.click("#conversations li[data-conversation-id='" + id[0] + "'] button.open");
        supervisor.waitAttribute("#detail-panel", "data-conversation-id", id[0]);
        supervisor.waitContains("#viewers", "is viewing");

        owner.type("#reply-text", "Yes, one moment");
        supervisor.waitContains("#viewers", "is replying");
        owner.waitContains("#viewers", "is viewing");
        supervisor.screenshot("collision.png");

        // The owner goes back to the list (the phone layout's back button): they leave at once.
        owner.resize(390, 844);
        owner.click("#back");
        supervisor.waitGone("#viewers");
    }

    @Test
    void theOwnerSnoozesUntilTheContactRepliesAndItComesBack() {
        Inbox stage = Inbox.withAgents(1);
        String[] id = new String[1];
        Browser owner = ownerOfNewConversation(stage, "I'll send the photos later", id);
        String row = "#conversations li[data-conversation-id='" + id[0] + "']";
        owner.waitVisible(row);

        owner.click("#snooze summary");
        owner.click("#snooze [data-snooze='reply']");
        owner.waitContains("#detail-meta", "snoozed until they reply");
        owner.waitVisible("#unsnooze");
        owner.waitGone(row);
        owner.select("#view", "snoozed");
        owner.waitVisible(row);
        owner.screenshot("snoozed.png");

        // The contact writes: it is back in Mine, and the open timeline says why.
        owner.select("#view", "mine");
        owner.waitGone(row);
        stage.reply(id[0], "Here they are");
        owner.waitVisible(row);
        owner.waitContains("#timeline", "Back from snooze: the contact wrote");
        owner.waitVisible("#snooze");
        awaitBellMatchesServer(owner, stage.agent(0));
    }

    @Test
    void anAgentAtCapacityGetsNothingNewUntilTheyCloseOne() {
        Inbox stage = Inbox.withAgents(1);
        stage.ws().admin().api().body(java.util.Map.of("mode", "LEAST_BUSY", "maxPerAgent", 1))
                .put("/api/queues/" + stage.queueId() + "/routing").then().statusCode(200);
        Browser agent = inbox("agent", stage.agent(0));
        agent.waitText("#bell-count", "0");

        String first = stage.inbound("Routed to you");
        agent.waitVisible("#conversations li[data-conversation-id='" + first + "']");
        agent.waitText("#conversations li[data-conversation-id='" + first + "'] .badge", "1");
        agent.waitText("#bell-count", "1");
        String second = stage.inbound("I have to wait");
        agent.waitVisible(alert(second));
        agent.waitContains(alert(second), "#1 in line");
        agent.screenshot("routing-at-capacity.png");
        assertEquals(null, Sql.text("select owner_id from conversation where id = ?::uuid", second), "at capacity: it waits");

        agent.click("#conversations li[data-conversation-id='" + first + "'] button.open");
        agent.waitAttribute("#detail-panel", "data-conversation-id", first);
        agent.click("#close-conversation");
        agent.acceptConfirm();
        // Routed to them once they made room: no longer one to claim, one of theirs to open.
        agent.waitVisible(alert(second) + " button.open");
        agent.waitVisible("#conversations li[data-conversation-id='" + second + "']");
        agent.waitText("#conversations li[data-conversation-id='" + second + "'] .badge", "1");
        assertEquals(stage.agent(0).id(), Sql.text("select owner_id from conversation where id = ?::uuid", second));
    }

    /** #20: a colleague left; the supervisor finds what they owned, hands it all to another agent, and bulk-closes the rest. */
    @Test
    void aSupervisorReassignsALeaversConversationsAndClosesOthersInBulk() {
        Inbox stage = Inbox.withAgents(2);
        User leaver = stage.agent(0);
        User heir = stage.agent(1);
        List<String> owned = List.of(stage.inbound("First of the leaver's"), stage.inbound("Second of the leaver's"));
        owned.forEach(id -> leaver.api().post("/api/conversations/" + id + "/claim").then().statusCode(200));
        String spam = stage.inbound("Win a prize!!!");
        stage.ws().admin().api().body(Map.of("active", false)).put("/api/agents/" + leaver.id()).then().statusCode(200);

        Browser supervisor = inbox("supervisor", stage.supervisor());
        supervisor.select("#view", "all");
        supervisor.waitVisible("#bulk");
        supervisor.waitContains("#filter-owner option[value='" + leaver.id() + "']", "(inactive)");
        supervisor.select("#filter-owner", leaver.id());
        supervisor.waitGone("#conversations li[data-conversation-id='" + spam + "']");
        supervisor.click("#bulk-all");
        supervisor.waitText("#bulk-count", "2 selected");
        supervisor.select("#bulk-agent", heir.id());
        supervisor.screenshot("bulk-assign.png");
        supervisor.click("#bulk-assign");
        supervisor.waitText("#conversations-empty", "No conversations.");
        owned.forEach(id -> assertEquals(heir.id(), Sql.text("select owner_id from conversation where id = ?::uuid", id)));

        supervisor.select("#filter-owner", "");
        supervisor.click("#conversations li[data-conversation-id='" + spam + "'] input.pick");
        supervisor.waitText("#bulk-count", "1 selected");
        supervisor.click("#bulk-close");
        supervisor.acceptConfirm();
        supervisor.waitGone("#conversations li[data-conversation-id='" + spam + "']");
        assertEquals("CLOSED", Sql.text("select status from conversation where id = ?::uuid", spam));
        owned.forEach(id -> assertNotEquals("CLOSED", Sql.text("select status from conversation where id = ?::uuid", id)));
    }

    @Test
    void aSupervisorMarksItUnreadForTheOwnerWhoseBellRings() {
        Inbox stage = Inbox.withAgents(1);
        String[] id = new String[1];
        Browser owner = ownerOfNewConversation(stage, "Where is my parcel?", id);
        owner.waitText("#bell-count", "0");

        Browser supervisor = inbox("supervisor", stage.supervisor());
        supervisor.select("#view", "all");
        supervisor.click("#conversations li[data-conversation-id='" + id[0] + "'] button.open");
        supervisor.waitAttribute("#detail-panel", "data-conversation-id", id[0]);
        supervisor.click("#unread-for-owner");
        supervisor.acceptConfirm();
        supervisor.waitContains("#timeline li:last-child", "Marked unread for");
        supervisor.screenshot("unread-for-owner.png");

        owner.waitText("#bell-count", "1");
        awaitBellMatchesServer(owner, stage.agent(0));
    }

    @Test
    void theOwnerTagsDownloadsTheTranscriptAndFindsTheContactsEarlierConversation() throws Exception {
        Inbox stage = Inbox.withAgents(1);
        String[] id = new String[1];
        Browser browser = ownerOfNewConversation(stage, "Where is my refund?", id);
        String first = id[0];

        browser.click("#tags-editor summary");
        browser.type("#tags-input", "VIP, refund");
        browser.click("#tags-form button[type=submit]");
        browser.waitContains("#detail-meta", "tags: refund, vip");
        assertEquals(2, Sql.count("select count(*) from conversation_tag where conversation_id = ?::uuid", first));

        // R19: the transcript comes down with the session's token, the inbound message in it.
        String number = Sql.text("select k.number from conversation c join contact k on k.id = c.contact_id where c.id = ?::uuid", first);
        browser.click("#transcript summary");
        browser.click("#transcript-txt");
        String transcript = Files.readString(browser.awaitDownload("transcript-" + number.replaceAll("[^0-9A-Za-z+-]", "") + ".txt"));
        assertTrue(transcript.contains("Where is my refund?"), transcript);

        // R18: closed, then the same contact texts again; the new conversation offers the old one.
        browser.click("#close-conversation");
        browser.acceptConfirm();
        browser.waitAttribute("#detail-panel", "data-status", "CLOSED");
        stage.reply(first, "One more question");
        String second = Sql.text("select id from conversation where contact_id = (select contact_id from conversation where id = ?::uuid)"
                + " and status <> 'CLOSED'", first);
        browser.click(alert(second) + " button.claim");
        browser.waitAttribute("#detail-panel", "data-conversation-id", second);
        browser.click("#history summary");
        browser.click("#history-list button[data-conversation-id='" + first + "']");
        browser.waitAttribute("#detail-panel", "data-conversation-id", first);
        browser.waitAttribute("#detail-panel", "data-status", "CLOSED");
    }
}
