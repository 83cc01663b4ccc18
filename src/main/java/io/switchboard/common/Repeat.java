package io.switchboard.common;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A background task run at once, then again and again on a Vert.x timer, each run starting
 * {@code millis} after the previous one finished (so runs never overlap), until {@code running}
 * turns false. A failed run is logged and the next one follows as usual.
 */
public final class Repeat {

    private Repeat() {
    }

    public static void every(Vertx vertx, long millis, BooleanSupplier running, String what, Supplier<Uni<?>> task) {
        runAfter(1, vertx, millis, running, what, task);
    }

    private static void runAfter(long delay, Vertx vertx, long millis, BooleanSupplier running, String what, Supplier<Uni<?>> task) {
        if (!running.getAsBoolean()) {
            return;
        }
        vertx.setTimer(Math.max(1, delay), id -> {
            // The service may have stopped while the timer waited: nothing may run after shutdown.
            if (running.getAsBoolean()) {
                task.get()
                        .onFailure().invoke(failure -> Log.warnf("%s failed: %s", what, failure.toString()))
                        .onFailure().recoverWithNull()
                        .subscribe().with(done -> runAfter(millis, vertx, millis, running, what, task));
            }
        });
    }
}
