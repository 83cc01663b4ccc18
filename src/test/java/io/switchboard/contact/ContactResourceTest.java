package io.switchboard.contact;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.Sql;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** R18: contacts appear on first contact, are edited and searched, and carry their conversation history. */
@QuarkusTest
class ContactResourceTest {

    @Test
    void anUnknownNumberBecomesAContactThatAgentsCanNameAndClassify() {
        Inbox stage = Inbox.withAgents(1);
        User agent = stage.agent(0);
        String conversation = stage.inbound("hi there");
        String contactId = agent.api().get("/api/conversations/" + conversation).then().statusCode(200)
                .body("contact.name", nullValue()).body("hasHistory", equalTo(false))
                .extract().path("contact.id");

        agent.api().get("/api/contacts/" + contactId).then().statusCode(200)
                .body("classification", nullValue()).body("country", equalTo("US"));
        agent.api().body(Map.of("name", " Dana Scully ", "classification", "LEAD", "notes", "prefers mornings"))
                .put("/api/contacts/" + contactId).then().statusCode(200)
                .body("name", equalTo("Dana Scully")).body("classification", equalTo("LEAD")).body("notes", equalTo("prefers mornings"));
        agent.api().get("/api/conversations/" + conversation).then().body("contact.name", equalTo("Dana Scully"))
                .body("contact.classification", equalTo("LEAD"));
        agent.api().body(Map.of("name", "Dana Scully", "classification", "CUSTOMER")).put("/api/contacts/" + contactId)
                .then().statusCode(200).body("classification", equalTo("CUSTOMER")).body("notes", nullValue());

        agent.api().body(Map.of("classification", "PROSPECT")).put("/api/contacts/" + contactId).then().statusCode(400);
        assertEquals("CUSTOMER", Sql.text("select classification from contact where id = ?::uuid", contactId));
    }

    @Test
    void contactsAreCreatedOncePerNumberAndFoundByNameOrNumber() {
        Inbox stage = Inbox.withAgents(1);
        User agent = stage.agent(0);
        String number = Fixtures.uniqueNumber();
        String id = agent.api().body(Map.of("number", "+" + number, "name", "Fox Mulder", "classification", "CUSTOMER"))
                .post("/api/contacts").then().statusCode(201)
                .body("number", equalTo(number)).body("name", equalTo("Fox Mulder")).extract().path("id");
        agent.api().body(Map.of("number", number)).post("/api/contacts").then().statusCode(409)
                .body("error", equalTo("contact_exists")).body("id", equalTo(id));
        agent.api().body(Map.of("number", "12")).post("/api/contacts").then().statusCode(400).body("field", equalTo("number"));
        agent.api().body(Map.of("name", "no number")).post("/api/contacts").then().statusCode(400).body("field", equalTo("number"));
        Map<String, Object> longName = new HashMap<>(Map.of("number", Fixtures.uniqueNumber(), "name", "x".repeat(201)));
        agent.api().body(longName).post("/api/contacts").then().statusCode(400).body("field", equalTo("name"));

        agent.api().queryParam("q", "mulder").get("/api/contacts").then().statusCode(200)
                .body("items.id", contains(id)).body("total", equalTo(1));
        agent.api().queryParam("q", number.substring(4)).get("/api/contacts").then().body("items.id", contains(id));
        agent.api().queryParam("q", "scully").get("/api/contacts").then().body("total", equalTo(0));

        Inbox elsewhere = Inbox.withAgents(1);
        elsewhere.agent(0).api().get("/api/contacts/" + id).then().statusCode(404);
        elsewhere.agent(0).api().body(Map.of("name", "hijacked")).put("/api/contacts/" + id).then().statusCode(404);
        elsewhere.agent(0).api().queryParam("q", "mulder").get("/api/contacts").then().body("total", equalTo(0));
        elsewhere.agent(0).api().get("/api/contacts/" + id + "/conversations").then().statusCode(404);
    }

    @Test
    void theHistoryListsClosedConversationsAndANewOneSaysItHasHistory() {
        Inbox stage = Inbox.withAgents(2);
        User agent = stage.agent(0);
        String first = stage.inbound("first time");
        agent.api().post("/api/conversations/" + first + "/claim").then().statusCode(200);
        agent.api().post("/api/conversations/" + first + "/close").then().statusCode(200);
        stage.reply(first, "me again"); // after the close: a new conversation starts (R2)
        String second = Sql.text("select c.id::text from conversation c where c.contact_id = (select contact_id from conversation where id = ?::uuid) and c.status <> 'CLOSED'", first);
        String contactId = Sql.text("select contact_id::text from conversation where id = ?::uuid", first);

        agent.api().get("/api/conversations/" + second).then().statusCode(200).body("hasHistory", equalTo(true));
        agent.api().get("/api/contacts/" + contactId + "/conversations").then().statusCode(200)
                .body("items.id", contains(second, first)).body("items.status", contains("ACTIVE", "CLOSED"));
        stage.supervisor().api().get("/api/contacts/" + contactId + "/conversations").then().body("total", equalTo(2));
        // The other agent never owned the first one: only the waiting one is theirs to see (roles).
        stage.agent(1).api().get("/api/contacts/" + contactId + "/conversations").then().body("items.id", contains(second));
        // ...so for them the new conversation has no history they could open: the flag agrees with the list.
        stage.agent(1).api().get("/api/conversations/" + second).then().statusCode(200).body("hasHistory", equalTo(false));
        stage.supervisor().api().get("/api/conversations/" + second).then().statusCode(200).body("hasHistory", equalTo(true));
    }
}
