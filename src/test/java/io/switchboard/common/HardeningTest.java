package io.switchboard.common;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Inbox;
import io.switchboard.support.Sql;
import io.switchboard.support.Webhooks;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Smaller holes an adversarial review found: a page policy for the web client, time that only moves forward, paging bounds. */
@QuarkusTest
class HardeningTest {

    @Test
    void theWebClientPagesCarryAContentSecurityPolicy() {
        for (String page : new String[]{"/", "/index.html", "/wallboard.html"}) {
            given().get(page).then().statusCode(200)
                    .header("Content-Security-Policy", containsString("default-src 'self'"))
                    .header("Content-Security-Policy", containsString("object-src 'none'"))
                    .header("X-Content-Type-Options", "nosniff");
        }
    }

    @Test
    void anOutOfOrderWebhookDoesNotMoveTheLastInboundTimeBack() {
        Inbox inbox = Inbox.withAgents(1);
        String from = Fixtures.uniqueNumber();
        Instant now = Instant.now();
        Webhooks.post(Webhooks.sms(from, inbox.senderNumber(), "newer").put("timestamp", now.toString())).then().statusCode(200);
        Webhooks.post(Webhooks.sms(from, inbox.senderNumber(), "older, delivered late")
                .put("timestamp", now.minusSeconds(3600).toString())).then().statusCode(200);
        String stored = Sql.text("select to_char(last_inbound_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') from contact where number = ?", from);
        assertEquals(now.toString().substring(0, 19), stored);
    }

    @Test
    void aPageTooFarOutIsABadRequestNotAServerError() {
        Inbox inbox = Inbox.withAgents(1);
        inbox.supervisor().api().queryParam("view", "all").queryParam("page", 10_737_419).queryParam("size", 200)
                .get("/api/conversations").then().statusCode(400).body("field", org.hamcrest.Matchers.equalTo("page"));
    }
}
