package io.switchboard.loadtest.target;

import io.switchboard.loadtest.support.Await;
import io.switchboard.loadtest.support.Progress;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code vonage-stub}: the Vonage Messages API stub alone, until killed. Point the service at it with
 * {@code -Dswitchboard.vonage.base-url=http://127.0.0.1:<port>} (plus any api-key and api-secret).
 */
@Command(name = "vonage-stub", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        description = "Answer the Vonage Messages API send call (POST /v1/messages: 202 + message_uuid) until killed; counts what it served.")
public class VonageStubCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9400", description = "Port to listen on. Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--latency-ms", defaultValue = "0", description = "Simulated provider latency of each send. Default: ${DEFAULT-VALUE}")
    long latencyMs;

    @Option(names = "--report-seconds", defaultValue = "10", description = "Print the counts this often while they change. Default: ${DEFAULT-VALUE}")
    int reportSeconds;

    @Override
    public Integer call() throws InterruptedException {
        Vertx vertx = Vertx.vertx();
        VonageStub stub = Await.result(VonageStub.start(vertx, port, latencyMs), Duration.ofSeconds(30));
        Progress.say("vonage-stub", "listening on port " + stub.port() + ", latency " + latencyMs + " ms; start the service with "
                + "-Dswitchboard.vonage.base-url=http://127.0.0.1:" + stub.port());
        long[] last = {-1};
        vertx.setPeriodic(reportSeconds * 1000L, id -> {
            if (stub.served() != last[0]) {
                last[0] = stub.served();
                Progress.say("vonage-stub", "served " + stub.served() + " sends, " + stub.duplicates() + " of them a client_ref seen before");
            }
        });
        new CountDownLatch(1).await();
        return 0;
    }
}
