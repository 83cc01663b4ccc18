package io.switchboard.loadtest.scenario;

import io.switchboard.loadtest.client.AgentSocket;
import io.switchboard.loadtest.client.FrameListener;
import io.switchboard.loadtest.client.InboxClients;
import io.switchboard.loadtest.client.SocketSpec;
import io.switchboard.loadtest.support.Await;
import io.switchboard.loadtest.support.Bounded;
import io.switchboard.loadtest.support.Latency;
import io.switchboard.loadtest.support.Progress;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** The open sockets of a scenario, and what connecting them cost. */
final class ConnectedListeners {

    private final List<AgentSocket> sockets;
    private final Map<String, Long> failures;
    private final Latency connectTime;

    private ConnectedListeners(List<AgentSocket> sockets, Map<String, Long> failures, Latency connectTime) {
        this.sockets = sockets;
        this.failures = failures;
        this.connectTime = connectTime;
    }

    /**
     * Opens {@code count} sockets, socket {@code i} with {@code specs[i % specs.size()]}, with a
     * bounded number of handshakes in flight; each is ready once its ping was answered.
     */
    static ConnectedListeners connect(String scenario, InboxClients clients, List<SocketSpec> specs, int count,
                                      int concurrency, FrameListener listener) {
        Latency connectTime = new Latency();
        AtomicInteger done = new AtomicInteger();
        List<Bounded.Outcome<AgentSocket>> outcomes;
        Progress.say(scenario, "connecting " + count + " sockets from " + clients.sourceAddresses()
                + " source address(es), " + concurrency + " handshakes in flight");
        try (Progress progress = Progress.every(scenario, Duration.ofSeconds(2), () -> "connected " + done.get() + "/" + count)) {
            outcomes = Bounded.run(count, concurrency, i -> {
                long start = System.nanoTime();
                Future<AgentSocket> socket = clients.connect(i, specs.get(i % specs.size()), listener);
                return socket.onSuccess(s -> connectTime.recordSince(start, System.nanoTime()));
            }, done);
        }
        List<AgentSocket> sockets = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (Bounded.Outcome<AgentSocket> outcome : outcomes) {
            if (outcome.succeeded()) {
                sockets.add(outcome.value());
            } else {
                reasons.add(String.valueOf(outcome.failure().getMessage()));
            }
        }
        Map<String, Long> failures = reasons.stream().collect(Collectors.groupingBy(r -> r, TreeMap::new, Collectors.counting()));
        if (!failures.isEmpty()) {
            Progress.say(scenario, reasons.size() + " sockets failed to connect: " + failures);
        }
        return new ConnectedListeners(sockets, failures, connectTime);
    }

    List<AgentSocket> sockets() {
        return sockets;
    }

    int open() {
        return sockets.size() - lost();
    }

    int failed() {
        return failures.values().stream().mapToInt(Long::intValue).sum();
    }

    /** Failure reasons and their counts, shortened for the report. */
    String failureSummary() {
        return failures.entrySet().stream().limit(3)
                .map(e -> e.getValue() + "x " + e.getKey()).collect(Collectors.joining("; "));
    }

    Latency connectTime() {
        return connectTime;
    }

    /** Sockets that closed unexpectedly and were not resumed. */
    int lost() {
        return (int) sockets.stream().filter(AgentSocket::isLost).count();
    }

    /** How often a socket was closed as too slow (4000) and resumed with lastEventId. */
    int resumes() {
        return sockets.stream().mapToInt(AgentSocket::resumes).sum();
    }

    String lostCodes() {
        return sockets.stream().filter(AgentSocket::isLost)
                .collect(Collectors.groupingBy(AgentSocket::lostWithCode, TreeMap::new, Collectors.counting())).toString();
    }

    void closeAll() {
        List<Future<Void>> closing = sockets.stream().map(AgentSocket::close).toList();
        try {
            Await.result(Future.join(closing), Duration.ofSeconds(30));
        } catch (IllegalStateException e) {
            // Closing is best effort: the run is over, and the server notices dead sockets itself.
        }
    }
}
