package io.switchboard.loadtest.target;

import io.switchboard.loadtest.client.ApiResponse;
import io.switchboard.loadtest.client.JsonHttp;
import io.switchboard.loadtest.client.SocketSpec;
import io.switchboard.loadtest.support.Await;
import io.switchboard.loadtest.support.Progress;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The bare Vert.x broadcast server as a target, started by the tool: in this JVM (on a Vert.x
 * instance of its own), or in a child JVM so that its RSS and CPU are the server's alone.
 */
public final class CalibrationTarget implements InboxTarget {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final JsonHttp http;
    private final String note;
    private final long pid;
    private final Vertx serverVertx;
    private final Process child;

    private CalibrationTarget(Vertx vertx, TargetOptions options, int port, String note, long pid, Vertx serverVertx, Process child) {
        this.port = port;
        this.http = new JsonHttp(vertx, "http://127.0.0.1:" + port, options.httpPool, options.timeoutMs);
        this.note = note;
        this.pid = pid;
        this.serverVertx = serverVertx;
        this.child = child;
    }

    public static CalibrationTarget start(Vertx vertx, CalibrationOptions calibration, TargetOptions options, String scenario) {
        int port = calibration.port != null ? calibration.port : freePort();
        CalibrationTarget target = calibration.jvm == CalibrationOptions.Jvm.child
                ? startChild(vertx, options, port)
                : startHere(vertx, options, port);
        Progress.say(scenario, "calibration: " + target.note);
        return target;
    }

    private static CalibrationTarget startHere(Vertx vertx, TargetOptions options, int port) {
        Vertx serverVertx = Vertx.vertx();
        Await.result(BroadcastServer.start(serverVertx, port), START_TIMEOUT);
        return new CalibrationTarget(vertx, options, port, "Bare Vert.x broadcast server in the load generator's JVM, port " + port,
                ProcessHandle.current().pid(), serverVertx, null);
    }

    /** {@code java -cp <this jar> ... broadcast-server --port P}, awaited until it says it listens. */
    private static CalibrationTarget startChild(Vertx vertx, TargetOptions options, int port) {
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String jar = Path.of(CalibrationTarget.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            Process process = new ProcessBuilder(java, "-cp", jar, "io.switchboard.loadtest.LoadTest", "broadcast-server", "--port", Integer.toString(port))
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith(BroadcastServerCommand.READY)) {
                System.out.println("  [broadcast-server] " + line);
            }
            if (line == null) {
                throw new IllegalStateException("the calibration server's JVM ended before listening");
            }
            // Keep reading its output so that it never blocks on a full pipe.
            Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "broadcast-server-output");
            drain.setDaemon(true);
            drain.start();
            return new CalibrationTarget(vertx, options, port, "Bare Vert.x broadcast server in a child JVM (pid " + process.pid() + "), port " + port,
                    process.pid(), null, process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String label() {
        return "calibration";
    }

    @Override
    public String note() {
        return note;
    }

    /** Any socket is welcome: one spec, no token. */
    @Override
    public List<SocketSpec> listeners(int count, boolean inQueue) {
        return List.of(new SocketSpec(URI.create("ws://127.0.0.1:" + port + "/ws/inbox"), null));
    }

    @Override
    public List<Long> serverPids() {
        return List.of(pid);
    }

    @Override
    public Map<String, Object> provisioningFigures() {
        return Map.of();
    }

    @Override
    public Future<ApiResponse> inbound(int sequence, String contact, String text) {
        return http.post("/webhooks/vonage/inbound", null, new JsonObject().put("from", contact).put("text", text));
    }

    @Override
    public boolean accepted(ApiResponse reply) {
        return reply.status() == 200;
    }

    @Override
    public long serverConnections() {
        try {
            return Await.result(http.get("/connections", null), Duration.ofSeconds(30)).json().getLong("connections", -1L);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        http.close();
        if (serverVertx != null) {
            Await.result(serverVertx.close(), Duration.ofSeconds(30));
        }
        if (child != null) {
            child.destroy();
            try {
                if (!child.waitFor(10, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
