package io.switchboard.conversation.timeline;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The usernames a note names with {@code @username} (#21), lower case as usernames are stored. An
 * address such as {@code ana@example.com} names nobody: the {@code @} must start a word.
 */
final class Mentions {

    private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}_.@-])@([\\p{L}\\p{N}_.-]+)");

    private Mentions() {
    }

    static Set<String> in(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher mention = MENTION.matcher(text);
        while (mention.find()) {
            // A full stop after a name ends the sentence, not the name.
            String name = mention.group(1).replaceAll("[.-]+$", "");
            if (!name.isEmpty()) {
                names.add(name.toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }
}
