package io.switchboard.events;

import java.util.Optional;

/** A Redis stream entry id ("millis-sequence"): the event id, ordered within a workspace. */
public record StreamId(long millis, long sequence) implements Comparable<StreamId> {

    public static final StreamId ZERO = new StreamId(0, 0);

    public static Optional<StreamId> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int dash = text.indexOf('-');
        try {
            return dash < 0
                    ? Optional.of(new StreamId(Long.parseLong(text), 0))
                    : Optional.of(new StreamId(Long.parseLong(text.substring(0, dash)), Long.parseLong(text.substring(dash + 1))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static StreamId of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("Not a stream id: " + text));
    }

    @Override
    public int compareTo(StreamId other) {
        int byMillis = Long.compare(millis, other.millis);
        return byMillis != 0 ? byMillis : Long.compare(sequence, other.sequence);
    }

    public boolean isAfter(StreamId other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return millis + "-" + sequence;
    }
}
