package io.switchboard.loadtest.target;

import io.switchboard.loadtest.support.Await;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code broadcast-server}: the calibration server alone, until killed (also the child JVM of --calibration-jvm child). */
@Command(name = "broadcast-server", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        description = "Run the calibration broadcast server alone, until killed.")
public class BroadcastServerCommand implements Callable<Integer> {

    /** Printed once listening; the parent of a child JVM waits for it. */
    static final String READY = "broadcast server listening on port ";

    @Option(names = "--port", defaultValue = "9300", description = "Port to listen on. Default: ${DEFAULT-VALUE}")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        Vertx vertx = Vertx.vertx();
        BroadcastServer server = Await.result(BroadcastServer.start(vertx, port), Duration.ofSeconds(30));
        System.out.println(READY + server.port());
        System.out.flush();
        new CountDownLatch(1).await();
        return 0;
    }
}
