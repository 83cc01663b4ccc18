package io.switchboard.conversation.template;

import io.switchboard.common.ApiException;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A template's variables, numbered {@code {{1}}}, {@code {{2}}}, ... as WhatsApp numbers them, and their filling. */
public final class TemplateText {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{(\\d+)}}");
    static final int MAX_VALUE_LENGTH = 1024;

    private TemplateText() {
    }

    /** How many values the text needs: its highest variable number (0 without any). */
    static int variables(String text) {
        int highest = 0;
        Matcher matcher = VARIABLE.matcher(text == null ? "" : text);
        while (matcher.find()) {
            highest = Math.max(highest, Integer.parseInt(matcher.group(1)));
        }
        return highest;
    }

    /** The values, checked against the text: one per variable, none blank or too long; 400 invalid_field otherwise. */
    public static List<String> requireValues(String text, List<String> values) {
        List<String> given = values == null ? List.of() : values;
        int needed = variables(text);
        if (given.size() != needed) {
            throw ApiException.badRequest("invalid_field", "templateParameters",
                    "The template has " + needed + " variable(s); give exactly that many templateParameters");
        }
        for (String value : given) {
            if (value == null || value.isBlank() || value.length() > MAX_VALUE_LENGTH) {
                throw ApiException.badRequest("invalid_field", "templateParameters",
                        "Each template parameter must be non-blank text of at most " + MAX_VALUE_LENGTH + " characters");
            }
        }
        return List.copyOf(given);
    }

    /** The text with each {@code {{n}}} replaced by the n-th value. */
    public static String fill(String text, List<String> values) {
        return VARIABLE.matcher(text).replaceAll(match -> Matcher.quoteReplacement(values.get(Integer.parseInt(match.group(1)) - 1)));
    }
}
