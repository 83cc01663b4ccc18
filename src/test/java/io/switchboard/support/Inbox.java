package io.switchboard.support;

import io.switchboard.support.Fixtures.TestWorkspace;
import io.switchboard.support.Fixtures.User;

import java.util.List;
import java.util.Map;

/** A workspace with one queue, its READY agents, a supervisor and an SMS sender: the usual stage. */
public record Inbox(TestWorkspace ws, String queueId, String senderNumber, List<User> agents, User supervisor) {

    public static Inbox withAgents(int count) {
        TestWorkspace ws = Fixtures.workspace();
        List<User> agents = java.util.stream.IntStream.range(0, count).mapToObj(i -> ws.agent()).toList();
        String queueId = ws.queue(agents.toArray(User[]::new));
        agents.forEach(agent -> ready(agent));
        String sender = ws.sender(queueId).get("number");
        return new Inbox(ws, queueId, sender, agents, ws.supervisor());
    }

    public static void ready(User agent) {
        presence(agent, "READY");
    }

    public static void presence(User agent, String status) {
        agent.api().body(Map.of("status", status)).put("/api/me/presence").then().statusCode(200);
    }

    public User agent(int i) {
        return agents.get(i);
    }

    /** A contact texts the sender; answers the id of the conversation it landed in. */
    public String inbound(String text) {
        return inbound(Fixtures.uniqueNumber(), text);
    }

    /** The number texts the sender; answers the id of the open conversation it landed in. */
    public String inbound(String from, String text) {
        Webhooks.post(Webhooks.sms(from, senderNumber, text)).then().statusCode(200);
        return Sql.text("""
                select c.id from conversation c join contact k on k.id = c.contact_id
                where k.number = ? and c.workspace_id = ?::uuid and c.status <> 'CLOSED'""", from, ws.id());
    }

    /** Another message from the same contact into the same conversation. */
    public void reply(String conversationId, String text) {
        String from = Sql.text("select k.number from conversation c join contact k on k.id = c.contact_id where c.id = ?::uuid", conversationId);
        Webhooks.post(Webhooks.sms(from, senderNumber, text)).then().statusCode(200);
    }
}
