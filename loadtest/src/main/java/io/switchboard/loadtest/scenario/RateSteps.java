package io.switchboard.loadtest.scenario;

import io.switchboard.loadtest.report.ScenarioResult;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Open-loop load stepped up one rate at a time, as inbound-storm and sends run it: each step offers
 * its calls on a fixed schedule whatever the answers (a slow service cannot slow the load down and
 * so hide its own latency), and the run stops at the first step that breaks.
 */
final class RateSteps {

    private RateSteps() {
    }

    /** What one step measured, and why it broke (empty: it held). */
    record Step(int rate, JsonObject row, List<String> broken) {
    }

    /** The highest rate that held, and the first step that broke (null when none did). */
    record Outcome(int sustainable, Step breaking) {

        Object breakingRate() {
            return breaking == null ? "none" : (Object) (long) breaking.rate();
        }

        String breakDetail() {
            return breaking == null ? "no step broke: raise --rates to find the limit"
                    : breaking.rate() + "/s broke: " + String.join("; ", breaking.broken());
        }
    }

    /** Runs a step per rate, in order, adding each step's row to the result; after a broken step only with keepGoing. */
    static Outcome run(List<Integer> rates, boolean keepGoing, IntFunction<Step> step, ScenarioResult result) {
        int sustainable = 0;
        Step breaking = null;
        for (int rate : rates) {
            Step measured = step.apply(rate);
            result.step(measured.row());
            if (measured.broken().isEmpty()) {
                sustainable = Math.max(sustainable, rate);
            } else if (breaking == null) {
                breaking = measured;
            }
            if (breaking != null && !keepGoing) {
                break;
            }
        }
        return new Outcome(sustainable, breaking);
    }

    /** One step's timetable: call i is due at start + i / rate. */
    static final class Schedule {
        private final int rate;
        private final long start = System.nanoTime();
        private long maxLagNanos;

        Schedule(int rate) {
            this.rate = rate;
        }

        /** Waits until call i is due and answers when that was: latencies count from it, not from when we got round to it. */
        long awaitCall(int i) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            maxLagNanos = Math.max(maxLagNanos, System.nanoTime() - due);
            return due;
        }

        double secondsSoFar() {
            return (System.nanoTime() - start) / 1e9;
        }

        /** How late the generator was for its worst call: when this grows, the generator, not the service, is the limit. */
        double maxLagMillis() {
            return maxLagNanos / 1e6;
        }
    }
}
