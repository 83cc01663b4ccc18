package io.switchboard.conversation.timeline;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** #21: which usernames a note names. */
class MentionsTest {

    @Test
    void namesStartWithAnAtThatStartsAWord() {
        assertEquals(Set.of("maria", "bob.smith"), Mentions.in("@Maria can you ask @bob.smith? Thanks @maria."));
        assertEquals(Set.of(), Mentions.in("write to ana@example.com or call"));
        assertEquals(Set.of("zoë"), Mentions.in("(@Zoë) please"));
        assertEquals(Set.of(), Mentions.in("an @ alone, or @."));
    }
}
