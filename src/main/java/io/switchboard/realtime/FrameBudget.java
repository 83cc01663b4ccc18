package io.switchboard.realtime;

/**
 * How many frames a client may send: a token bucket refilled at {@code perSecond}, holding at most
 * {@code burst}. A client that spends more than that is misbehaving (a flood of presence frames
 * would flood every supervisor) and is closed.
 */
final class FrameBudget {

    private final double perSecond;
    private final double burst;
    private double tokens;
    private long lastNanos;

    FrameBudget(double perSecond, double burst, long nowNanos) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** Takes one frame's token; false when the budget is spent. */
    synchronized boolean take(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - lastNanos) / 1e9 * perSecond);
        lastNanos = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
