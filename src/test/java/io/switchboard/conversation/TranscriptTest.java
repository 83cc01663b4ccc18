package io.switchboard.conversation;

import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.Sql;
import io.switchboard.support.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** R19: transcripts as text and PDF, for the owner, supervisors and admins only. */
@QuarkusTest
class TranscriptTest {

    private static String url(String conversationId, String tail) {
        return "/api/conversations/" + conversationId + tail;
    }

    /** A conversation with a text, a picture, a reply, a note and a close; answers its id. */
    private static String conversation(Inbox stage, User owner) {
        String id = stage.inbound("Where is order 42?");
        String from = Sql.text("select k.number from conversation c join contact k on k.id = c.contact_id where c.id = ?::uuid", id);
        Webhooks.post(Webhooks.mmsImage(from, stage.senderNumber(), "https://example.com/receipt.jpg")).then().statusCode(200);
        owner.api().post(url(id, "/claim")).then().statusCode(200);
        owner.api().body(Map.of("text", "On its way")).post(url(id, "/messages")).then().statusCode(202);
        owner.api().body(Map.of("text", "Courier delayed")).post(url(id, "/notes")).then().statusCode(201);
        owner.api().body(Map.of("name", "Ada Lovelace"))
                .put("/api/contacts/" + Sql.text("select contact_id::text from conversation where id = ?::uuid", id)).then().statusCode(200);
        return id;
    }

    @Test
    void theTextTranscriptHasEveryLineWithTimeAndAuthorMediaAsPlaceholderAndNotesMarked() {
        Inbox stage = Inbox.withAgents(1);
        User owner = stage.agent(0);
        String id = conversation(stage, owner);

        String text = owner.api().get(url(id, "/transcript.txt")).then().statusCode(200)
                .contentType(startsWith("text/plain"))
                .header("Content-Disposition", containsString("conversation-" + id + ".txt"))
                .extract().asString();
        List<String> lines = text.lines().toList();
        assertTrue(lines.get(0).startsWith("Conversation with Ada Lovelace (+"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC] Ada Lovelace \\(\\+\\d+\\): Where is order 42\\?")), text);
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("Ada Lovelace (+" + contactNumber(id) + "): [media attachment]")), text);
        assertTrue(lines.stream().noneMatch(l -> l.contains("receipt.jpg")), "media shows as a placeholder only");
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("] Test AGENT: On its way")), text);
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("] [internal note] Test AGENT: Courier delayed")), text);
        assertTrue(lines.stream().anyMatch(l -> l.contains("-- claimed by Test AGENT --")), text);
        int question = indexOf(lines, "Where is order 42?");
        int answer = indexOf(lines, "On its way");
        int note = indexOf(lines, "Courier delayed");
        assertTrue(question < answer && answer < note, "time order: " + text);
    }

    @Test
    void thePdfTranscriptSaysTheSame() throws IOException {
        Inbox stage = Inbox.withAgents(1);
        User owner = stage.agent(0);
        String id = conversation(stage, owner);

        byte[] pdf = stage.supervisor().api().get(url(id, "/transcript.pdf")).then().statusCode(200)
                .contentType("application/pdf")
                .extract().asByteArray();
        String text;
        try (PDDocument document = Loader.loadPDF(pdf)) {
            text = new PDFTextStripper().getText(document);
        }
        assertTrue(text.contains("Conversation with Ada Lovelace"), text);
        assertTrue(text.contains("Ada Lovelace (+" + contactNumber(id) + "): Where is order 42?"), text);
        assertTrue(text.contains("[media attachment]"), text);
        assertTrue(text.contains("Test AGENT: On its way"), text);
        assertTrue(text.contains("[internal note] Test AGENT: Courier delayed"), text);
    }

    @Test
    void thePdfKeepsEveryScriptContactsWriteIn() throws IOException {
        Inbox stage = Inbox.withAgents(1);
        List<String> texts = List.of("Здравствуйте, где мой заказ?", "Καλημέρα σας", "مرحبا بكم", "שלום לכם",
                "こんにちは、注文はどこですか", "您好", "안녕하세요", "Grüße, ça va? ¿Qué tal?");
        String id = stage.inbound(texts.get(0));
        texts.subList(1, texts.size()).forEach(text -> stage.reply(id, text));
        byte[] pdf = stage.supervisor().api().get(url(id, "/transcript.pdf")).then().statusCode(200).extract().asByteArray();
        String text;
        try (PDDocument document = Loader.loadPDF(pdf)) {
            text = new PDFTextStripper().getText(document);
        }
        for (String written : texts) {
            assertTrue(text.contains(written), "\"" + written + "\" kept in: " + text);
        }
    }

    @Test
    void onlyTheOwnerASupervisorOrAnAdminMayExport() {
        Inbox stage = Inbox.withAgents(2);
        User owner = stage.agent(0);
        User colleague = stage.agent(1);
        String id = conversation(stage, owner);
        String waiting = stage.inbound("still waiting");

        owner.api().get(url(id, "/transcript.txt")).then().statusCode(200);
        stage.ws().admin().api().get(url(id, "/transcript.txt")).then().statusCode(200);
        stage.supervisor().api().get(url(id, "/transcript.pdf")).then().statusCode(200);
        // Not theirs to see: 404; visible in their queue but not owned: 403.
        colleague.api().get(url(id, "/transcript.txt")).then().statusCode(404);
        colleague.api().get(url(waiting, "/transcript.pdf")).then().statusCode(403);
        Inbox.withAgents(1).supervisor().api().get(url(id, "/transcript.txt")).then().statusCode(404);

        // After the close the last owner may still export it.
        owner.api().post(url(id, "/close")).then().statusCode(200);
        String closed = owner.api().get(url(id, "/transcript.txt")).then().statusCode(200).extract().asString();
        assertTrue(closed.contains("-- closed by Test AGENT --"), closed);
        assertEquals(1, closed.lines().filter(l -> l.startsWith("Status: CLOSED")).count(), closed);
    }

    private static String contactNumber(String conversationId) {
        return Sql.text("select k.number from conversation c join contact k on k.id = c.contact_id where c.id = ?::uuid", conversationId);
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
