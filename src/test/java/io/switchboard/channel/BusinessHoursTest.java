package io.switchboard.channel;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A sender's opening hours in its own zone (R10): plain logic, no service. */
class BusinessHoursTest {

    private final BusinessHours weekdays = new BusinessHours(ZoneId.of("Europe/Paris"), List.of(
            new BusinessHours.Interval(DayOfWeek.MONDAY, LocalTime.of(9, 0), LocalTime.of(17, 0)),
            new BusinessHours.Interval(DayOfWeek.FRIDAY, LocalTime.of(9, 0), LocalTime.of(12, 0))));

    @Test
    void withinTheHoursAMessageGoesAtOnce() {
        Instant mondayNoonInParis = Instant.parse("2026-11-30T11:00:00Z");
        assertEquals(mondayNoonInParis, weekdays.nextOpening(mondayNoonInParis));
    }

    @Test
    void outsideTheHoursItWaitsForTheNextOpeningInTheSendersZone() {
        Instant mondayEvening = Instant.parse("2026-11-30T17:30:00Z");
        assertEquals(Instant.parse("2026-12-04T08:00:00Z"), weekdays.nextOpening(mondayEvening), "Friday 09:00 in Paris");
        Instant fridayAfternoon = Instant.parse("2026-12-04T12:00:00Z");
        assertEquals(Instant.parse("2026-12-07T08:00:00Z"), weekdays.nextOpening(fridayAfternoon), "the Monday after");
    }

    @Test
    void noHoursMeansAlwaysOpen() {
        Instant at = Instant.parse("2026-12-05T03:00:00Z");
        assertEquals(at, new BusinessHours(ZoneId.of("UTC"), List.of()).nextOpening(at));
    }
}
