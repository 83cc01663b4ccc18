package io.switchboard.loadtest.support;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * One latency distribution, recorded from any event-loop thread. HdrHistogram does the
 * percentile maths; we only record microseconds and read milliseconds back.
 */
public final class Latency {

    /** Auto-resizing, 3 significant digits: exact enough from 1 µs up to minutes. */
    private final Histogram histogram = new ConcurrentHistogram(3);

    public void recordSince(long startNanos, long endNanos) {
        record(endNanos - startNanos);
    }

    public void record(long nanos) {
        histogram.recordValue(Math.max(0, nanos / 1_000));
    }

    public long count() {
        return histogram.getTotalCount();
    }

    public Percentiles percentiles() {
        if (histogram.getTotalCount() == 0) {
            return Percentiles.EMPTY;
        }
        return new Percentiles(histogram.getTotalCount(),
                ms(histogram.getValueAtPercentile(50)),
                ms(histogram.getValueAtPercentile(95)),
                ms(histogram.getValueAtPercentile(99)),
                ms(histogram.getMaxValue()));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
