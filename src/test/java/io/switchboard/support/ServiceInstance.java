package io.switchboard.support;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Switchboard process started from the packaged jar, on its own port, sharing PostgreSQL and
 * Redis with every other instance: the way production scales out, on one machine.
 */
public final class ServiceInstance implements AutoCloseable {

    /** Quarkus' start-up line naming the port it bound. */
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:\\s]+:(\\d+)");

    private final Process process;
    private final Path log;
    /** Known once the instance has bound it (it picks its own, so two test forks never pick the same). */
    private volatile int port = -1;

    private ServiceInstance(Process process, Path log) {
        this.process = process;
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
        Path log = Path.of("target", "instance-" + name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                // Instances live for one test class on a busy two-core box: the optimizing compiler and
                // G1's threads would only compete with the tests for the cores (start-up CPU -25 %).
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Dquarkus.profile=test",
                // Port 0: the instance binds a free port itself; a port picked here could be taken by
                // anything on the box (the other fork's instance, an outgoing connection) before it binds.
                "-Dquarkus.http.port=0",
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
            return new ServiceInstance(process, log);
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
            if (port < 0) {
                port = boundPort();
                if (port < 0) {
                    sleep(250);
                    continue;
                }
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

    /** The port the instance's log says it listens on, or -1 before it says so. */
    private int boundPort() {
        try {
            Matcher listening = LISTENING.matcher(Files.readString(log));
            return listening.find() ? Integer.parseInt(listening.group(1)) : -1;
        } catch (IOException notYet) {
            return -1;
        }
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
