package io.switchboard.support;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One Switchboard process started from the packaged jar, on its own port, sharing PostgreSQL and
 * Redis with every other instance: the way production scales out, on one machine.
 */
public final class ServiceInstance implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ServiceInstance(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static ServiceInstance start(String name, String... extraProperties) {
        return startAll(List.of(name), extraProperties).get(0);
    }

    /** Starts the instances side by side (each waits mostly on its own start-up), then waits until all are ready. */
    public static List<ServiceInstance> startAll(List<String> names, String... extraProperties) {
        List<ServiceInstance> started = new ArrayList<>();
        try {
            for (String name : names) {
                started.add(launch(name, extraProperties));
            }
            for (ServiceInstance instance : started) {
                instance.awaitReady(Duration.ofSeconds(150));
            }
            return started;
        } catch (RuntimeException e) {
            closeAll(started.toArray(AutoCloseable[]::new));
            throw e;
        }
    }

    private static ServiceInstance launch(String name, String... extraProperties) {
        String jar = System.getProperty("switchboard.app.jar", "target/quarkus-app/quarkus-run.jar");
        int port = freePort();
        Path log = Path.of("target", "instance-" + name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                // Instances live for one test class on a busy two-core box: the optimizing compiler and
                // G1's threads would only compete with the tests for the cores (start-up CPU -25 %).
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Dquarkus.profile=test",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.log.console.level=INFO",
                // A test's clients may still hold sockets when it stops its instances: production's 20 s
                // wait for open requests would only idle the suite (DrainTest keeps production's).
                "-Dquarkus.shutdown.timeout=3s"));
        command.addAll(List.of(extraProperties));
        command.addAll(List.of("-jar", jar));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .directory(new File("."))
                    .start();
            return new ServiceInstance(process, port, log);
        } catch (IOException e) {
            throw new IllegalStateException("Could not start instance " + name, e);
        }
    }

    public int port() {
        return port;
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Instance exited early; see " + log.toAbsolutePath());
            }
            try {
                HttpURLConnection c = (HttpURLConnection) base().resolve("q/health/ready").toURL().openConnection();
                c.setConnectTimeout(500);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            sleep(250);
        }
        throw new IllegalStateException("Instance not ready in " + timeout + "; see " + log.toAbsolutePath());
    }

    /** Ends the process at once, as a crash or kill -9 would. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the process to stop as a SIGTERM would. */
    public void stop() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    /** Stops what a test started (instances, Redis servers), each one even when stopping another fails. */
    public static void closeAll(AutoCloseable... started) {
        for (AutoCloseable running : started) {
            try {
                if (running != null) {
                    running.close();
                }
            } catch (Exception e) {
                System.err.println("Could not stop " + running + ": " + e);
            }
        }
    }

    /** A port nothing listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
