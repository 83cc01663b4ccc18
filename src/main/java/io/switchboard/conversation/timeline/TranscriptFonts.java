package io.switchboard.conversation.timeline;

import com.lowagie.text.Font;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.FontSelector;
import io.quarkus.logging.Log;
import io.switchboard.common.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fonts of PDF transcripts, loaded once: DejaVu Sans embedded from the classpath (Latin, Greek,
 * Cyrillic, Arabic, Hebrew), then the configured fallback fonts that exist on this machine (CJK).
 * Each character is set in the first font that has it, so a message in any of those scripts
 * survives; only the characters used are embedded.
 */
@ApplicationScoped
public class TranscriptFonts {

    private static final String DEJAVU = "net/sf/jasperreports/fonts/dejavu/";

    /** The looks a transcript uses. */
    public enum Style {
        TITLE(14, Font.BOLD, Color.BLACK),
        HEADING(9, Font.NORMAL, Color.DARK_GRAY),
        BODY(10, Font.NORMAL, Color.BLACK),
        NOTE(10, Font.ITALIC, new Color(0x8a, 0x5a, 0x00)),
        EVENT(9, Font.NORMAL, Color.GRAY);

        final float size;
        final int style;
        final Color color;

        Style(float size, int style, Color color) {
            this.size = size;
            this.style = style;
            this.color = color;
        }
    }

    private final BaseFont regular;
    private final BaseFont bold;
    private final BaseFont oblique;
    private final List<BaseFont> fallbacks = new ArrayList<>();

    public TranscriptFonts(SwitchboardConfig config) {
        regular = embedded("DejaVuSans.ttf");
        bold = embedded("DejaVuSans-Bold.ttf");
        oblique = embedded("DejaVuSans-Oblique.ttf");
        for (String path : config.transcript().fallbackFonts()) {
            if (Files.isReadable(Path.of(path))) {
                try {
                    fallbacks.add(BaseFont.createFont(path.endsWith(".ttc") ? path + ",0" : path, BaseFont.IDENTITY_H, BaseFont.EMBEDDED));
                } catch (IOException | RuntimeException e) {
                    Log.warnf("Transcript fallback font %s not usable: %s", path, e.getMessage());
                }
            }
        }
        if (fallbacks.isEmpty()) {
            Log.infof("No transcript fallback font found (%s): Chinese, Japanese and Korean text shows as empty boxes in PDFs",
                    config.transcript().fallbackFonts());
        }
    }

    /** The text as a phrase whose every character is in the first font that has it. */
    public Phrase phrase(String text, Style style) {
        FontSelector selector = new FontSelector();
        BaseFont main = style.style == Font.BOLD ? bold : style.style == Font.ITALIC ? oblique : regular;
        selector.addFont(new Font(main, style.size, Font.NORMAL, style.color));
        if (main != regular) {
            selector.addFont(new Font(regular, style.size, Font.NORMAL, style.color));
        }
        fallbacks.forEach(font -> selector.addFont(new Font(font, style.size, Font.NORMAL, style.color)));
        return selector.process(text);
    }

    private static BaseFont embedded(String file) {
        try (InputStream in = TranscriptFonts.class.getClassLoader().getResourceAsStream(DEJAVU + file)) {
            if (in == null) {
                throw new IllegalStateException("Font " + file + " missing from the classpath (jasperreports-fonts)");
            }
            return BaseFont.createFont(file, BaseFont.IDENTITY_H, BaseFont.EMBEDDED, true, in.readAllBytes(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
