package io.switchboard.conversation;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Font;
import com.lowagie.text.FontFactory;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.PdfWriter;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * A conversation written out for people (R19): a heading and one line per timeline entry with
 * its time and author; media as a placeholder; notes marked internal. Rendered as plain text or,
 * through OpenPDF, as a PDF.
 */
public record Transcript(String title, List<String> heading, List<Line> lines) {

    /** One entry: when, who, what; internal lines are notes the contact never saw. */
    public record Line(String time, String author, String text, boolean internal, boolean event) {

        String plain() {
            if (event) {
                return "[" + time + "] -- " + text + " --";
            }
            return "[" + time + "] " + (internal ? "[internal note] " : "") + author + ": " + text;
        }
    }

    static final String MEDIA_PLACEHOLDER = "[media attachment]";

    public String text() {
        StringBuilder out = new StringBuilder(title).append('\n');
        heading.forEach(line -> out.append(line).append('\n'));
        out.append('\n');
        lines.forEach(line -> out.append(line.plain()).append('\n'));
        return out.toString();
    }

    /** CPU work: call it on a worker thread, never on the event loop. */
    public byte[] pdf() {
        Document document = new Document(PageSize.A4, 48, 48, 48, 48);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PdfWriter.getInstance(document, out);
            document.addTitle(title);
            document.open();
            document.add(new Paragraph(title, FontFactory.getFont(FontFactory.HELVETICA_BOLD, 14)));
            Font small = FontFactory.getFont(FontFactory.HELVETICA, 9, Color.DARK_GRAY);
            heading.forEach(line -> document.add(new Paragraph(line, small)));
            document.add(new Paragraph(" "));
            Font body = FontFactory.getFont(FontFactory.HELVETICA, 10);
            Font note = FontFactory.getFont(FontFactory.HELVETICA_OBLIQUE, 10, new Color(0x8a, 0x5a, 0x00));
            Font event = FontFactory.getFont(FontFactory.HELVETICA, 9, Color.GRAY);
            for (Line line : lines) {
                Paragraph paragraph = new Paragraph(line.plain(), line.event() ? event : line.internal() ? note : body);
                paragraph.setSpacingAfter(3);
                document.add(paragraph);
            }
        } catch (DocumentException e) {
            throw new IllegalStateException("Could not write the transcript PDF", e);
        } finally {
            document.close();
        }
        return out.toByteArray();
    }
}
