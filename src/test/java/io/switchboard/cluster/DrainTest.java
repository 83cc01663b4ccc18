package io.switchboard.cluster;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.LiveClient;
import io.switchboard.support.ServiceInstance;
import io.switchboard.support.Webhooks;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 9: an instance stopped under traffic sends its clients elsewhere (1012) and they resume losing nothing. */
class DrainTest {

    static ServiceInstance leaving;
    static ServiceInstance staying;

    @AfterAll
    static void stopInstances() {
        ServiceInstance.closeAll(leaving, staying);
    }

    private static List<String> texts(List<JsonObject> frames) {
        return LiveClient.messagesIn(frames).stream().map(f -> f.getJsonObject("data").getString("text")).toList();
    }

    /** Frames as id/type/text, to see where a gap came from when this test fails. */
    private static String summary(List<JsonObject> frames) {
        return frames.stream().map(f -> f.getString("id") + " " + f.getString("type")
                + (f.getJsonObject("data") == null ? "" : " " + f.getJsonObject("data").getString("text", ""))).toList().toString();
    }

    @Test
    void stoppingAnInstanceMovesEveryAgentToTheOtherWithoutLosingAnEvent() throws Exception {
        // Stopped as in production: a 20 s wait for open requests, the clients sent elsewhere within it.
        List<ServiceInstance> both = ServiceInstance.startAll(List.of("drain-leaving", "drain-staying"), "-Dquarkus.shutdown.timeout=20s");
        leaving = both.get(0);
        staying = both.get(1);
        RestAssured.port = staying.port();
        Inbox inbox = Inbox.withAgents(3);
        List<LiveClient> first = new ArrayList<>();
        for (User agent : inbox.agents()) {
            first.add(LiveClient.connect(leaving.base(), agent.token()));
        }
        AtomicBoolean traffic = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        String contact = "1555" + String.format("%07d", (int) (Math.random() * 10_000_000));
        Thread webhooks = new Thread(() -> {
            while (traffic.get()) {
                int n = sent.get();
                int status = given().port(staying.port()).contentType(ContentType.JSON)
                        .body(Webhooks.sms(contact, inbox.senderNumber(), "msg " + n).encode())
                        .post("/webhooks/vonage/inbound").statusCode();
                if (status == 200) {
                    sent.incrementAndGet();
                }
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        webhooks.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.get() >= 10);

        leaving.stop();
        for (LiveClient client : first) {
            await().atMost(Duration.ofSeconds(20)).until(client::isClosed);
            assertEquals((short) 1012, client.closeCode(), "drained with 1012, service restart");
        }
        List<LiveClient> second = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            second.add(LiveClient.connect(staying.base(), inbox.agent(i).token(), first.get(i).lastEventId()));
        }
        int before = sent.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.get() >= before + 10);
        traffic.set(false);
        webhooks.join();
        int total = sent.get();

        for (int i = 0; i < first.size(); i++) {
            List<String> seen = new ArrayList<>(texts(first.get(i).frames()));
            LiveClient resumed = second.get(i);
            await().atMost(Duration.ofSeconds(15)).until(() -> texts(resumed.frames()).contains("msg " + (total - 1)));
            seen.addAll(texts(resumed.frames()));
            Set<String> unique = new HashSet<>(seen);
            assertEquals(seen.size(), unique.size(), "no duplicates for " + inbox.agent(i).username());
            String trace = "agent " + i + " resumed after " + first.get(i).lastEventId() + "; first socket: "
                    + summary(first.get(i).frames()) + "; second socket: " + summary(resumed.frames());
            for (int n = 0; n < total; n++) {
                assertEquals(true, unique.contains("msg " + n), "missed msg " + n + ": " + trace);
            }
            resumed.close();
        }
    }
}
