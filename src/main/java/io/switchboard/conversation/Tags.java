package io.switchboard.conversation;

import io.switchboard.common.ApiException;

import java.util.Collection;
import java.util.Locale;
import java.util.TreeSet;

/** What a tag may be: trimmed, lower case, 1 to 40 characters; at most 20 on a conversation. */
public final class Tags {

    static final int MAX_LENGTH = 40;
    static final int MAX_PER_CONVERSATION = 20;

    private Tags() {
    }

    public static String normalize(String raw) {
        String tag = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (tag.isEmpty() || tag.length() > MAX_LENGTH || tag.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("invalid_field", "tags", "a tag must be 1 to " + MAX_LENGTH + " printable characters");
        }
        return tag;
    }

    /** The distinct normalized tags, sorted. */
    public static TreeSet<String> normalizeAll(Collection<String> raw) {
        TreeSet<String> tags = new TreeSet<>();
        raw.forEach(tag -> tags.add(normalize(tag)));
        if (tags.size() > MAX_PER_CONVERSATION) {
            throw ApiException.badRequest("invalid_field", "tags", "at most " + MAX_PER_CONVERSATION + " tags per conversation");
        }
        return tags;
    }
}
