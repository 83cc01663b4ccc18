package io.switchboard.loadtest.support;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Progress lines on stdout, so a long run shows it is alive and where it is. */
public final class Progress implements AutoCloseable {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final ScheduledExecutorService timer;
    private final String scenario;
    private final Supplier<String> status;

    private Progress(String scenario, Duration every, Supplier<String> status) {
        this.scenario = scenario;
        this.status = status;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "progress");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::print, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Prints the status line every period until closed, and once more at the end. */
    public static Progress every(String scenario, Duration every, Supplier<String> status) {
        return new Progress(scenario, every, status);
    }

    public static void say(String scenario, String line) {
        System.out.println(LocalTime.now().format(CLOCK) + " [" + scenario + "] " + line);
    }

    private void print() {
        try {
            say(scenario, status.get());
        } catch (RuntimeException e) {
            say(scenario, "(status unavailable: " + e + ")");
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        print();
    }
}
