package io.switchboard.loadtest.support;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * Runs many asynchronous tasks with a bounded number in flight, from a thread that may block.
 * Provisioning needs this because every agent create and login costs the server a bcrypt round;
 * connecting needs it so that thousands of handshakes do not all time out together.
 */
public final class Bounded {

    /** What one task ended with: a value or a failure. */
    public record Outcome<T>(T value, Throwable failure) {
        public boolean succeeded() {
            return failure == null;
        }
    }

    private Bounded() {
    }

    public static <T> List<Outcome<T>> run(int count, int inFlight, IntFunction<Future<T>> task, AtomicInteger done) {
        Semaphore permits = new Semaphore(inFlight);
        CountDownLatch finished = new CountDownLatch(count);
        AtomicReferenceArray<Outcome<T>> outcomes = new AtomicReferenceArray<>(count);
        for (int i = 0; i < count; i++) {
            permits.acquireUninterruptibly();
            int index = i;
            Future<T> future;
            try {
                future = task.apply(index);
            } catch (RuntimeException e) {
                future = Future.failedFuture(e);
            }
            future.onComplete(result -> {
                outcomes.set(index, new Outcome<>(result.result(), result.cause()));
                done.incrementAndGet();
                permits.release();
                finished.countDown();
            });
        }
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        List<Outcome<T>> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(outcomes.get(i));
        }
        return list;
    }

    /** Throws the first failure, naming how many failed; answers the values otherwise. */
    public static <T> List<T> valuesOrThrow(List<Outcome<T>> outcomes, String what) {
        List<T> values = new ArrayList<>(outcomes.size());
        long failed = outcomes.stream().filter(o -> !o.succeeded()).count();
        for (Outcome<T> outcome : outcomes) {
            if (!outcome.succeeded()) {
                throw new IllegalStateException(failed + " of " + outcomes.size() + " " + what + " failed, first: "
                        + outcome.failure().getMessage(), outcome.failure());
            }
            values.add(outcome.value());
        }
        return values;
    }
}
