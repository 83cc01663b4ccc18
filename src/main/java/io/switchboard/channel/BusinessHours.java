package io.switchboard.channel;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/** A sender's opening hours in its own time zone (R10): when may a message go out? */
public record BusinessHours(ZoneId zone, List<Interval> intervals) {

    public record Interval(DayOfWeek day, LocalTime opens, LocalTime closes) {
    }

    /** The first instant at or after {@code at} within the hours; {@code at} itself when there are no hours (always open). */
    public Instant nextOpening(Instant at) {
        if (intervals.isEmpty()) {
            return at;
        }
        ZonedDateTime local = at.atZone(zone);
        for (int dayOffset = 0; dayOffset <= 7; dayOffset++) {
            LocalDate date = local.toLocalDate().plusDays(dayOffset);
            Instant best = null;
            for (Interval interval : intervals) {
                if (interval.day() != date.getDayOfWeek()) {
                    continue;
                }
                ZonedDateTime opens = date.atTime(interval.opens()).atZone(zone);
                ZonedDateTime closes = date.atTime(interval.closes()).atZone(zone);
                Instant candidate = null;
                if (!local.isBefore(opens) && local.isBefore(closes)) {
                    candidate = at;
                } else if (local.isBefore(opens)) {
                    candidate = opens.toInstant();
                }
                if (candidate != null && (best == null || candidate.isBefore(best))) {
                    best = candidate;
                }
            }
            if (best != null) {
                return best;
            }
        }
        return at;
    }
}
