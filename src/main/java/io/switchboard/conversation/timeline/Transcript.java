package io.switchboard.conversation.timeline;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.PageSize;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import io.switchboard.conversation.timeline.TranscriptFonts.Style;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * A conversation written out for people (R19): a heading and one line per timeline entry with
 * its time and author; media as a placeholder; notes marked internal. Rendered as plain text or,
 * through OpenPDF, as a PDF in fonts that cover the contacts' scripts ({@link TranscriptFonts}).
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

    /**
     * CPU work: call it on a worker thread, never on the event loop. Each line is a table cell with
     * a left-to-right run direction, which turns on OpenPDF's bidi and Arabic shaping.
     */
    public byte[] pdf(TranscriptFonts fonts) {
        Document document = new Document(PageSize.A4, 48, 48, 48, 48);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PdfWriter.getInstance(document, out);
            document.addTitle(title);
            document.open();
            PdfPTable table = new PdfPTable(1);
            table.setWidthPercentage(100);
            table.addCell(cell(fonts.phrase(title, Style.TITLE), 8));
            heading.forEach(line -> table.addCell(cell(fonts.phrase(line, Style.HEADING), 0)));
            table.addCell(cell(new Phrase(" "), 0));
            for (Line line : lines) {
                Style style = line.event() ? Style.EVENT : line.internal() ? Style.NOTE : Style.BODY;
                table.addCell(cell(fonts.phrase(line.plain(), style), 3));
            }
            document.add(table);
        } catch (DocumentException e) {
            throw new IllegalStateException("Could not write the transcript PDF", e);
        } finally {
            document.close();
        }
        return out.toByteArray();
    }

    private static PdfPCell cell(Phrase phrase, float spacingAfter) {
        PdfPCell cell = new PdfPCell(phrase);
        cell.setBorder(Rectangle.NO_BORDER);
        cell.setPadding(0);
        cell.setPaddingBottom(spacingAfter + 2);
        cell.setRunDirection(PdfWriter.RUN_DIRECTION_LTR);
        return cell;
    }
}
