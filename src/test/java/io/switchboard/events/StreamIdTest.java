package io.switchboard.events;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stream ids and what a stream can still replay: plain logic, no Redis. */
class StreamIdTest {

    @Test
    void idsParseAndOrderByTimeThenSequence() {
        assertEquals(new StreamId(1700000000000L, 3), StreamId.of("1700000000000-3"));
        assertEquals(new StreamId(5, 0), StreamId.of("5"));
        assertEquals(Optional.empty(), StreamId.parse("not-an-id"));
        assertEquals(Optional.empty(), StreamId.parse(null));
        assertTrue(StreamId.of("10-0").isAfter(StreamId.of("9-99")));
        assertTrue(StreamId.of("10-2").isAfter(StreamId.of("10-1")));
        assertFalse(StreamId.of("10-1").isAfter(StreamId.of("10-1")));
        assertEquals("10-1", StreamId.of("10-1").toString());
    }

    @Test
    void aStreamReplaysOnlyAfterIdsItStillCovers() {
        EventStream.Retention retention = new EventStream.Retention(StreamId.of("50-0"), StreamId.of("20-0"));
        assertTrue(retention.canReplayAfter(StreamId.of("20-0")), "the first kept entry itself");
        assertTrue(retention.canReplayAfter(StreamId.of("35-4")));
        assertTrue(retention.canReplayAfter(StreamId.of("50-0")), "up to date");
        assertFalse(retention.canReplayAfter(StreamId.of("19-9")), "trimmed away: events may be missing");
        assertFalse(retention.canReplayAfter(StreamId.of("51-0")), "newer than the stream: it was lost and created anew");
        assertFalse(new EventStream.Retention(StreamId.of("50-0"), null).canReplayAfter(StreamId.of("50-0")),
                "an emptied stream proves nothing");
    }
}
