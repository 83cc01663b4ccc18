/*
 * fanout: M inbound webhooks into one queue of N connected agents.
 *
 * Parameters:
 *   --agents N           queue members, each with one open /ws/inbox socket (default 200)
 *   --sockets S          listeners in all (default: N, one per agent); more than N gives agents several
 *                        sockets, as with several devices, for many listeners at less provisioning time
 *   --messages M         inbound webhooks, each from a new contact, so each starts a conversation (default 50)
 *   --interval-ms I      pause between webhooks; this scenario measures latency, not throughput (default 200)
 *   --drain-seconds S    how long to wait for the last alerts before counting them missing (default 15)
 *   --warmup W           webhooks sent and awaited first, not measured, so that a freshly started
 *                        server's JIT warm-up does not count as fanout latency (default 5)
 *   --calibration, --calibration-jvm child|same (default child), --calibration-port
 *                        the same against the bare broadcast server (CalibrationOptions)
 *   target options       --base-url (two = two-instance mode), --source-ips, --timeout-ms, --out, ... (TargetOptions)
 *
 * Reports: webhook latency (POST to its 200) and alert latency (POST sent to each agent's receipt of
 * conversation.created, matched by contact number) as p50/p95/p99/max; alerts expected (N x M),
 * received, missing and duplicated, and the server's CPU time per webhook (with its N alerts).
 * A missing or duplicated alert fails the run.
 */
package io.switchboard.loadtest.scenario;

import io.switchboard.loadtest.client.AgentSocket;
import io.switchboard.loadtest.client.ApiResponse;
import io.switchboard.loadtest.client.InboxClients;
import io.switchboard.loadtest.client.SocketSpec;
import io.switchboard.loadtest.report.ScenarioResult;
import io.switchboard.loadtest.support.Await;
import io.switchboard.loadtest.support.Latency;
import io.switchboard.loadtest.support.PhoneNumbers;
import io.switchboard.loadtest.support.Progress;
import io.switchboard.loadtest.support.ServerProcess;
import io.switchboard.loadtest.target.CalibrationOptions;
import io.switchboard.loadtest.target.InboxTarget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

@Command(name = "fanout", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        description = "M inbound webhooks into a queue of N connected agents: alert latency percentiles, every agent must get every alert.")
public class FanoutScenario extends ScenarioCommand {

    @Option(names = "--agents", defaultValue = "200", description = "Connected queue members. Default: ${DEFAULT-VALUE}")
    int agents;

    @Option(names = "--sockets", description = "Listening sockets, spread over the agents. Default: one per agent")
    Integer sockets;

    @Option(names = "--messages", defaultValue = "50", description = "Inbound webhooks (new conversations). Default: ${DEFAULT-VALUE}")
    int messages;

    @Option(names = "--interval-ms", defaultValue = "200", description = "Pause between webhooks. Default: ${DEFAULT-VALUE}")
    int intervalMs;

    @Option(names = "--drain-seconds", defaultValue = "15", description = "Wait for late alerts. Default: ${DEFAULT-VALUE}")
    int drainSeconds;

    @Option(names = "--warmup", defaultValue = "5", description = "Unmeasured webhooks sent first. Default: ${DEFAULT-VALUE}")
    int warmup;

    @Mixin
    CalibrationOptions calibration;

    @Override
    String name() {
        return "fanout";
    }

    @Override
    ScenarioResult run(Vertx vertx) {
        try (InboxTarget inbox = inboxTarget(vertx, calibration)) {
            List<SocketSpec> specs = inbox.listeners(agents, true);
            AlertTracker tracker = new AlertTracker();
            InboxClients clients = inboxClients(vertx);
            ConnectedListeners listeners = ConnectedListeners.connect(name(), clients, specs, sockets == null ? agents : sockets,
                    target.connectConcurrency, tracker::onFrame);
            int connected = listeners.sockets().size();
            PhoneNumbers numbers = new PhoneNumbers();
            warmUp(inbox, tracker, numbers, connected);

            List<Long> pids = inbox.serverPids();
            long cpuBefore = ServerProcess.cpuMillis(pids);
            long generatorCpuBefore = ServerProcess.generatorCpuMillis();
            AlertTracker.Window window = new AlertTracker.Window();
            Latency webhook = new Latency();
            Map<String, Integer> rejected = new ConcurrentHashMap<>();
            List<Future<ApiResponse>> replies = new ArrayList<>();
            Progress.say(name(), "sending " + messages + " webhooks, one every " + intervalMs + " ms, to " + connected + " listeners");
            try (Progress progress = Progress.every(name(), Duration.ofSeconds(2), () -> String.format(Locale.ROOT,
                    "webhooks %d/%d, alerts %d/%d", webhook.count(), messages, window.received.get(), window.expected.get()))) {
                for (int m = 0; m < messages; m++) {
                    String contact = numbers.nextContact();
                    long sent = System.nanoTime();
                    tracker.expect(contact, sent, window, connected);
                    replies.add(inbox.inbound(m, contact, "fanout message " + m).onComplete(reply -> {
                        webhook.recordSince(sent, System.nanoTime());
                        if (reply.failed() || !inbox.accepted(reply.result())) {
                            rejected.merge(reply.failed() ? reply.cause().getClass().getSimpleName() : reply.result().status() + " " + reply.result().body(), 1, Integer::sum);
                        }
                    }));
                    Await.sleep(Duration.ofMillis(intervalMs));
                }
                Await.until(() -> replies.stream().allMatch(Future::isComplete) && window.missing() == 0, Duration.ofSeconds(drainSeconds));
            }
            long cpuAfter = ServerProcess.cpuMillis(pids);
            long generatorCpuAfter = ServerProcess.generatorCpuMillis();
            long framesRead = listeners.sockets().stream().mapToLong(AgentSocket::framesRead).sum();
            long bytesRead = listeners.sockets().stream().mapToLong(AgentSocket::bytesRead).sum();
            listeners.closeAll();

            int webhookErrors = rejected.values().stream().mapToInt(Integer::intValue).sum();
            var alert = window.latency.percentiles();
            return newResult(inbox)
                    .parameter("agents", agents)
                    .parameter("sockets", sockets == null ? agents : sockets)
                    .parameter("messages", messages)
                    .parameter("interval-ms", intervalMs)
                    .parameter("warmup", warmup)
                    .figures(inbox.provisioningFigures())
                    .figure("sockets connected", (long) connected)
                    .figure("webhooks sent", (long) messages)
                    .figure("webhooks not accepted", (long) webhookErrors)
                    .figure("alerts expected", window.expected.get())
                    .figure("alerts received", window.received.get())
                    .figure("alerts missing", window.missing())
                    .figure("alerts duplicated", window.duplicates.get())
                    .figure("sockets resumed after 4000", (long) listeners.resumes())
                    .comparedFigure("server CPU per webhook and its alerts (ms)", cpuPer(cpuBefore, cpuAfter, messages))
                    // On the same cores: its webhooks and the frames it reads (with --calibration-jvm same, the calibration's too).
                    .figure("load generator CPU per webhook (ms)", cpuPer(generatorCpuBefore, generatorCpuAfter, messages))
                    .figure("mean frame size (bytes)", framesRead == 0 ? -1 : bytesRead / framesRead)
                    .latency("webhook", webhook.percentiles())
                    .latency("alert", alert)
                    .check("every socket connected", listeners.failed() == 0, listeners.failureSummary())
                    .check("every webhook accepted", webhookErrors == 0, new TreeMap<>(rejected).toString())
                    .check("every socket got every alert", window.missing() == 0, window.missing() + " of " + window.expected.get() + " missing")
                    .check("no alert twice", window.duplicates.get() == 0, window.duplicates.get() + " duplicates")
                    .check("no alert about another run's contacts", tracker.unknownAlerts() == 0, tracker.unknownAlerts() + " unknown")
                    .headline(String.format(Locale.ROOT, "%d sockets x %d webhooks: alert p50 %.1f ms, p99 %.1f ms, %d missing",
                            connected, messages, alert.p50(), alert.p99(), window.missing()));
        }
    }

    private void warmUp(InboxTarget inbox, AlertTracker tracker, PhoneNumbers numbers, int listeners) {
        AlertTracker.Window window = new AlertTracker.Window();
        for (int w = 0; w < warmup; w++) {
            String contact = numbers.nextContact();
            tracker.expect(contact, System.nanoTime(), window, listeners);
            Await.result(inbox.inbound(-1 - w, contact, "warm-up " + w), Duration.ofSeconds(30));
        }
        Await.until(() -> window.missing() == 0, Duration.ofSeconds(drainSeconds));
        Progress.say(name(), warmup + " warm-up webhooks done");
    }

    /** Server CPU milliseconds per operation; -1 when the server's CPU time is unknown. */
    static double cpuPer(long before, long after, long operations) {
        return before < 0 || after < 0 || operations == 0 ? -1 : Math.round((after - before) * 100.0 / operations) / 100.0;
    }
}
