/*
 * inbound-storm: inbound webhooks at a stepped-up rate until the service breaks.
 *
 * Parameters:
 *   --agents N             connected queue members receiving every alert (default 20)
 *   --rates R1,R2,...      offered webhooks per second, one step each; the run stops at the first
 *                          broken step unless --keep-going (default 5,10,20,40,80,160,320,640,1280)
 *   --step-seconds S       length of each step (default 10)
 *   --drain-seconds D      after a step, how long to wait for its replies and alerts (default 10)
 *   --max-p99-ms T         a step breaks when the webhook or alert p99 exceeds this (default 1000)
 *   --max-error-percent E  ... or when more than E% of its webhooks fail or time out (default 1)
 *   --max-in-flight F      webhooks awaiting a reply beyond which new ones are dropped as shed (default 2000)
 *   --keep-going           run every step, even after one broke
 *   --owned N              instead of new contacts, write into N conversations the agents own
 *                          (claimed before the first step); the owner's message.created is the alert
 *   --supervisors K        also K sockets of the workspace's admin, who is alerted of every message
 *                          like a supervisor (default 0)
 *   target options         --base-url (two = two-instance mode: webhooks alternate), --timeout-ms, --out, ... (TargetOptions)
 *
 * The load is open-loop: webhook i of a step is due at i / rate seconds and is sent then, whatever
 * the replies before it did, and its latencies count from that due time. So a server that slows
 * down shows it in the figures instead of slowing the load (no coordinated omission). Every webhook
 * comes from a new contact, so each one creates a conversation and alerts all N agents; with
 * --owned, each is a message from one of the owned conversations' contacts, alerting its owner.
 * Reports per step: achieved rate, webhook and alert percentiles, failures, missing alerts, the
 * server's CPU time per webhook (hardly affected by other load on the machine), and the sustainable
 * rate: the highest step that did not break. Fails only on correctness: a socket that does not
 * connect or is lost, an alert received twice, an alert about a contact this run never sent.
 */
package io.switchboard.loadtest.scenario;

import io.switchboard.loadtest.client.ApiResponse;
import io.switchboard.loadtest.client.SocketSpec;
import io.switchboard.loadtest.report.ScenarioResult;
import io.switchboard.loadtest.support.Await;
import io.switchboard.loadtest.support.Latency;
import io.switchboard.loadtest.support.Percentiles;
import io.switchboard.loadtest.support.PhoneNumbers;
import io.switchboard.loadtest.support.Progress;
import io.switchboard.loadtest.support.ServerProcess;
import io.switchboard.loadtest.target.SwitchboardTarget;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

@Command(name = "inbound-storm", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        description = "Inbound webhooks per second stepped up until p99 or errors break a threshold: the sustainable rate.")
public class InboundStormScenario extends ScenarioCommand {

    @Option(names = "--agents", defaultValue = "20", description = "Connected queue members. Default: ${DEFAULT-VALUE}")
    int agents;

    @Option(names = "--rates", split = ",", defaultValue = "5,10,20,40,80,160,320,640,1280",
            description = "Offered webhooks per second, one step each. Default: ${DEFAULT-VALUE}")
    List<Integer> rates;

    @Option(names = "--step-seconds", defaultValue = "10", description = "Length of each step. Default: ${DEFAULT-VALUE}")
    int stepSeconds;

    @Option(names = "--drain-seconds", defaultValue = "10", description = "Wait for a step's replies and alerts. Default: ${DEFAULT-VALUE}")
    int drainSeconds;

    @Option(names = "--max-p99-ms", defaultValue = "1000", description = "p99 (webhook or alert) that breaks a step. Default: ${DEFAULT-VALUE}")
    double maxP99Ms;

    @Option(names = "--max-error-percent", defaultValue = "1", description = "Failed webhooks that break a step. Default: ${DEFAULT-VALUE}")
    double maxErrorPercent;

    @Option(names = "--max-in-flight", defaultValue = "2000", description = "Unanswered webhooks before new ones are shed. Default: ${DEFAULT-VALUE}")
    int maxInFlight;

    @Option(names = "--keep-going", description = "Run every step even after one broke")
    boolean keepGoing;

    @Option(names = "--owned", defaultValue = "0",
            description = "Write into this many conversations the agents own instead of starting new ones. Default: ${DEFAULT-VALUE}")
    int ownedConversations;

    @Option(names = "--supervisors", defaultValue = "0",
            description = "Sockets of the workspace's admin, alerted of every message as supervisors are. Default: ${DEFAULT-VALUE}")
    int supervisors;

    private final PhoneNumbers numbers = new PhoneNumbers();
    private final AtomicInteger sequence = new AtomicInteger();
    /** Alerts a listener received twice, over all steps: a bug at any rate, unlike a broken step. */
    private final AtomicLong duplicates = new AtomicLong();

    @Override
    String name() {
        return "inbound-storm";
    }

    @Override
    ScenarioResult run(Vertx vertx) {
        try (SwitchboardTarget switchboard = new SwitchboardTarget(vertx, target, name())) {
            AlertTracker tracker = new AlertTracker();
            if (ownedConversations > 0) {
                switchboard.provision(agents, true, true); // READY, so that they may claim
            }
            // Agents' sockets first (index i is agent i), the supervisors' after them.
            List<SocketSpec> specs = new ArrayList<>(switchboard.listeners(agents, true));
            specs.addAll(switchboard.supervisorListeners(supervisors));
            ConnectedListeners listeners = ConnectedListeners.connect(name(), inboxClients(vertx),
                    specs, specs.size(), target.connectConcurrency, tracker::onFrame);
            ScenarioResult result = newResult(switchboard)
                    .parameter("agents", agents)
                    .parameter("supervisors", supervisors)
                    .parameter("rates", rates)
                    .parameter("step-seconds", stepSeconds)
                    .parameter("max-p99-ms", maxP99Ms)
                    .parameter("max-error-percent", maxErrorPercent)
                    .figures(switchboard.provisioningFigures())
                    .figure("sockets connected", (long) listeners.sockets().size());
            // With --owned: the conversations the messages go into, in turn.
            List<OwnedConversations.Owned> owned = ownedConversations == 0 ? List.of()
                    : OwnedConversations.createAndClaim(name(), switchboard, tracker, listeners.sockets().size(),
                    ownedConversations, drainSeconds);
            if (ownedConversations > 0) {
                result.parameter("owned", ownedConversations).figure("conversations owned", (long) owned.size());
            }

            RateSteps.Outcome outcome = RateSteps.run(rates, keepGoing, rate -> step(switchboard, tracker, listeners.sockets().size(), owned, rate), result);
            listeners.closeAll();

            return result
                    .figure("sustainable rate (webhooks/s)", (long) outcome.sustainable())
                    .figure("breaking rate (webhooks/s)", outcome.breakingRate())
                    .figure("sockets resumed after 4000", (long) listeners.resumes())
                    .figure("sockets lost", (long) listeners.lost())
                    .figure("alerts duplicated", duplicates.get())
                    .check("every agent connected", listeners.failed() == 0, listeners.failureSummary())
                    .check("no socket lost", listeners.lost() == 0, listeners.lost() == 0 ? "" : "close codes " + listeners.lostCodes())
                    .check("no alert twice", duplicates.get() == 0, duplicates.get() + " duplicates")
                    .check("no alert about another run's contacts", tracker.unknownAlerts() == 0, tracker.unknownAlerts() + " unknown")
                    .headline("sustainable " + outcome.sustainable() + " webhooks/s with " + listeners.sockets().size()
                            + " sockets alerted" + (supervisors == 0 ? "" : " (" + supervisors + " of them supervisors')") + (owned.isEmpty() ? "" : " (into " + owned.size() + " owned conversations)")
                            + "; " + outcome.breakDetail());
        }
    }

    private RateSteps.Step step(SwitchboardTarget switchboard, AlertTracker tracker, int listeners,
                                List<OwnedConversations.Owned> owned, int rate) {
        AlertTracker.Window window = new AlertTracker.Window();
        Latency webhook = new Latency();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicLong rejected = new AtomicLong();
        AtomicLong timeouts = new AtomicLong();
        long shed = 0;
        int total = rate * stepSeconds;
        Progress.say(name(), "step " + rate + "/s for " + stepSeconds + " s (" + total + " webhooks)");

        List<Long> pids = switchboard.serverPids();
        long cpuBefore = ServerProcess.cpuMillis(pids);
        RateSteps.Schedule schedule = new RateSteps.Schedule(rate);
        try (Progress progress = Progress.every(name(), Duration.ofSeconds(2), () -> String.format(Locale.ROOT,
                "%d/s: replies %d/%d, in flight %d, alerts %d/%d", rate, webhook.count(), total, inFlight.get(),
                window.received.get(), window.expected.get()))) {
            for (int i = 0; i < total; i++) {
                long due = schedule.awaitCall(i);
                if (inFlight.get() >= maxInFlight) {
                    shed++;
                    continue;
                }
                int n = sequence.getAndIncrement();
                String contact;
                String text = "storm " + rate + "/s #" + n;
                if (owned.isEmpty()) {
                    contact = numbers.nextContact();
                    tracker.expect(contact, due, window, listeners);
                } else {
                    contact = owned.get(n % owned.size()).contact();
                    tracker.expectMessage(text, due, window, 1 + supervisors); // its owner and every supervisor
                }
                inFlight.incrementAndGet();
                switchboard.inbound(n, contact, text).onComplete(reply -> {
                    webhook.recordSince(due, System.nanoTime());
                    classify(switchboard, reply, rejected, timeouts);
                    inFlight.decrementAndGet();
                });
            }
            double sendSeconds = schedule.secondsSoFar();
            Await.until(() -> inFlight.get() == 0 && window.missing() == 0, Duration.ofSeconds(drainSeconds));
            long cpuAfter = ServerProcess.cpuMillis(pids);
            duplicates.addAndGet(window.duplicates.get());

            Percentiles hook = webhook.percentiles();
            Percentiles alert = window.latency.percentiles();
            long failed = rejected.get() + timeouts.get() + shed + inFlight.get();
            List<String> broken = new ArrayList<>();
            if (hook.p99() > maxP99Ms) {
                broken.add("webhook p99 " + Percentiles.format(hook.p99()) + " ms");
            }
            if (alert.p99() > maxP99Ms) {
                broken.add("alert p99 " + Percentiles.format(alert.p99()) + " ms");
            }
            if (failed * 100.0 / total > maxErrorPercent) {
                broken.add(failed + " of " + total + " webhooks failed, timed out, shed or unanswered");
            }
            if (window.missing() > 0) {
                broken.add(window.missing() + " alerts missing after " + drainSeconds + " s");
            }
            JsonObject row = new JsonObject()
                    .put("rate/s", rate)
                    .put("achieved/s", Math.round((total - shed) / sendSeconds))
                    .put("webhook p50", hook.p50())
                    .put("webhook p99", hook.p99())
                    .put("alert p50", alert.p50())
                    .put("alert p99", alert.p99())
                    .put("alert max", alert.max())
                    .put("not accepted", rejected.get())
                    .put("timeouts", timeouts.get())
                    .put("shed", shed)
                    .put("alerts missing", window.missing())
                    .put("alerts duplicated", window.duplicates.get())
                    .put("server CPU ms/webhook", cpuBefore < 0 || cpuAfter < 0 ? null : (cpuAfter - cpuBefore) / (double) (total - shed))
                    .put("generator lag max (ms)", schedule.maxLagMillis())
                    .put("verdict", broken.isEmpty() ? "ok" : "broken");
            Progress.say(name(), rate + "/s: webhook " + hook + "; alert " + alert + (broken.isEmpty() ? "; ok" : "; BROKEN: " + broken));
            return new RateSteps.Step(rate, row, broken);
        }
    }

    private static void classify(SwitchboardTarget switchboard, AsyncResult<ApiResponse> reply, AtomicLong rejected, AtomicLong timeouts) {
        if (reply.failed()) {
            (reply.cause().getClass().getSimpleName().contains("Timeout") ? timeouts : rejected).incrementAndGet();
        } else if (!switchboard.accepted(reply.result())) {
            rejected.incrementAndGet();
        }
    }
}
