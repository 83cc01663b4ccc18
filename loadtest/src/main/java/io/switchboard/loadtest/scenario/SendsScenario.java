/*
 * sends: outbound messages per second stepped up, through the delivery pipeline to a Vonage stub.
 *
 * Parameters:
 *   --agents N             READY queue members; each owns conversations and has its /ws/inbox open (default 10)
 *   --conversations C      conversations the sends are spread over, conversation k owned by agent k % N (default 20)
 *   --rates R1,R2,...      offered sends per second, one step each; the run stops at the first broken
 *                          step unless --keep-going (default 5,10,20,40,80,160,320)
 *   --step-seconds S       length of each step (default 10)
 *   --drain-seconds D      after a step, how long to wait for its 202s and SUBMITTED events (default 15)
 *   --max-p99-ms T         a step breaks when the p99 from send to SUBMITTED exceeds this (default 2000)
 *   --max-in-flight F      POSTs awaiting their answer beyond which new ones are dropped as shed (default 2000)
 *   --keep-going           run every step, even after one broke
 *   --warmup W             sends first awaited to SUBMITTED and not measured (JIT warm-up; also tells
 *                          whether the service really runs with the undo window given below) (default 5)
 *   --undo-window-ms U     the service's switchboard.undo-window; the SUBMITTED latency counts from
 *                          send + U, when the message becomes due (default 0)
 *   --stub-port P          port of the Vonage stub the service sends to (default 9400)
 *   --stub-external        use a `vonage-stub` already running on that port instead of starting one in this JVM
 *   --stub-latency-ms L    provider latency of the stub started in this JVM (default 0)
 *   target options         --base-url (two = two-instance mode: agent i uses instance i % 2), --timeout-ms, --out, ... (TargetOptions)
 *
 * Start the service for it with the stub's URL, credentials (any: the stub does not check them;
 * without them the pipeline does not run at all), and no undo window (R11 holds every send for
 * switchboard.undo-window, 5 s by default, before it is due; 0s is accepted):
 *   java -Dquarkus.profile=dev -Dswitchboard.demo.seed=false -Dquarkus.http.port=8091 \
 *        -Dswitchboard.vonage.base-url=http://127.0.0.1:9400 -Dswitchboard.vonage.api-key=loadtest \
 *        -Dswitchboard.vonage.api-secret=loadtest -Dswitchboard.undo-window=0s -jar target/quarkus-app/quarkus-run.jar
 * The run's sender has no business hours (always open, R10) and no dailyLimit unless --daily-limit gives one (R9: every
 * send then counts against it).
 *
 * Load: open loop as in inbound-storm: send i of a step is due at i / rate s, is POSTed to
 * /api/conversations/{id}/messages by the conversation's owner then, whatever earlier answers did,
 * and its latencies count from that due time. Measured per step: the POST's answer (202, QUEUED), the
 * time to the message.status SUBMITTED event on the owner's socket (the pipeline end to end: outbox
 * poll, lease, Vonage call, status update, event), POSTs not answered 202, FAILED statuses, sends never
 * SUBMITTED within the drain, the stub's calls, server CPU per send. A step breaks when that p99 exceeds
 * --max-p99-ms or any offered send did not reach SUBMITTED; the sustained rate is the highest step that
 * did not break. What to expect from the code: each instance polls the outbox every
 * switchboard.delivery.poll-interval (500 ms) and leases at most 50 due messages per poll (polling
 * again at once after a full batch), so every SUBMITTED latency includes up to one poll interval
 * while the outbox is not backlogged. A limited sender's sends each count on its day's counter with one
 * statement at the end of their transaction (DailyLimits) rather than locking the sender's row throughout.
 */
package io.switchboard.loadtest.scenario;

import io.switchboard.loadtest.client.AgentSocket;
import io.switchboard.loadtest.client.Frame;
import io.switchboard.loadtest.client.ApiResponse;
import io.switchboard.loadtest.client.JsonHttp;
import io.switchboard.loadtest.report.ScenarioResult;
import io.switchboard.loadtest.scenario.OwnedConversations.Owned;
import io.switchboard.loadtest.support.Await;
import io.switchboard.loadtest.support.Latency;
import io.switchboard.loadtest.support.Percentiles;
import io.switchboard.loadtest.support.Progress;
import io.switchboard.loadtest.support.ServerProcess;
import io.switchboard.loadtest.target.SwitchboardTarget;
import io.switchboard.loadtest.target.VonageStub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

@Command(name = "sends", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        description = "Outbound sends per second stepped up against a Vonage stub: 202 and send-to-SUBMITTED percentiles, the sustained rate.")
public class SendsScenario extends ScenarioCommand {

    @Option(names = "--agents", defaultValue = "10", description = "READY queue members owning the conversations. Default: ${DEFAULT-VALUE}")
    int agents;

    @Option(names = "--conversations", defaultValue = "20", description = "Conversations the sends are spread over. Default: ${DEFAULT-VALUE}")
    int conversations;

    @Option(names = "--rates", split = ",", defaultValue = "5,10,20,40,80,160,320",
            description = "Offered sends per second, one step each. Default: ${DEFAULT-VALUE}")
    List<Integer> rates;

    @Option(names = "--step-seconds", defaultValue = "10", description = "Length of each step. Default: ${DEFAULT-VALUE}")
    int stepSeconds;

    @Option(names = "--drain-seconds", defaultValue = "15", description = "Wait for a step's answers and SUBMITTED events. Default: ${DEFAULT-VALUE}")
    int drainSeconds;

    @Option(names = "--max-p99-ms", defaultValue = "2000", description = "p99 send-to-SUBMITTED that breaks a step. Default: ${DEFAULT-VALUE}")
    double maxP99Ms;

    @Option(names = "--max-in-flight", defaultValue = "2000", description = "Unanswered POSTs before new ones are shed. Default: ${DEFAULT-VALUE}")
    int maxInFlight;

    @Option(names = "--keep-going", description = "Run every step even after one broke")
    boolean keepGoing;

    @Option(names = "--warmup", defaultValue = "5", description = "Unmeasured sends awaited first. Default: ${DEFAULT-VALUE}")
    int warmup;

    @Option(names = "--undo-window-ms", defaultValue = "0",
            description = "The service's switchboard.undo-window; SUBMITTED latency counts from send + this. Default: ${DEFAULT-VALUE}")
    long undoWindowMs;

    @Option(names = "--daily-limit", description = "Give the run's sender this daily limit (R9): every send then counts against it")
    Integer dailyLimit;

    @Option(names = "--stub-port", defaultValue = "9400", description = "Port of the Vonage stub. Default: ${DEFAULT-VALUE}")
    int stubPort;

    @Option(names = "--stub-external", description = "Use a vonage-stub already running on --stub-port instead of starting one here")
    boolean stubExternal;

    @Option(names = "--stub-latency-ms", defaultValue = "0", description = "Latency of the stub started here. Default: ${DEFAULT-VALUE}")
    long stubLatencyMs;

    private static final String SUBMITTED = "SUBMITTED";

    /** The sends of one step (or of the warm-up), measured together. */
    private static final class Window {
        final Latency accepted = new Latency();
        final Latency submitted = new Latency();
        final AtomicLong accepts = new AtomicLong();
        final AtomicLong submits = new AtomicLong();
        final AtomicLong failedStatus = new AtomicLong();

        /** Accepted (202) but neither SUBMITTED nor FAILED yet. */
        long missing() {
            return Math.max(0, accepts.get() - submits.get() - failedStatus.get());
        }
    }

    /**
     * One message, known from its 202 (due time and window) and/or its status event (arrival time):
     * whichever comes second records the latency, so an event that overtakes its 202 still counts.
     */
    private static final class Sent {
        long dueNanos = -1;
        Window window;
        long eventNanos = -1;
        String status;
        boolean counted;
    }

    private final Map<String, Sent> messages = new ConcurrentHashMap<>();
    private final AtomicLong duplicateStatusEvents = new AtomicLong();

    @Override
    String name() {
        return "sends";
    }

    @Override
    ScenarioResult run(Vertx vertx) {
        VonageStub ownStub = stubExternal ? null : startStub(vertx);
        try (SwitchboardTarget switchboard = new SwitchboardTarget(vertx, target, name())) {
            JsonHttp stub = new JsonHttp(vertx, "http://127.0.0.1:" + stubPort, 4, target.timeoutMs);
            JsonObject stubBefore = stubStats(stub);
            Progress.say(name(), (ownStub != null ? "Vonage stub started in this JVM" : "external Vonage stub") + " on port " + stubPort
                    + ", latency " + stubBefore.getLong("latencyMs") + " ms; the service must send to http://127.0.0.1:" + stubPort);
            switchboard.provision(agents, true, true);
            if (dailyLimit != null) {
                switchboard.limitSender(dailyLimit);
                Progress.say(name(), "sender limited to " + dailyLimit + " a day");
            }
            AlertTracker tracker = new AlertTracker();
            ConnectedListeners listeners = ConnectedListeners.connect(name(), inboxClients(vertx),
                    switchboard.listeners(agents, true), agents, target.connectConcurrency,
                    (AgentSocket socket, Frame frame, long at) -> {
                        tracker.onFrame(socket, frame, at);
                        if ("message.status".equals(frame.type())) {
                            onStatus(frame.dataString("messageId"), frame.dataString("status"), at);
                        }
                    });
            List<Owned> owned = OwnedConversations.createAndClaim(name(), switchboard, tracker, listeners.sockets().size(), conversations, drainSeconds);
            ScenarioResult result = newResult(switchboard)
                    .parameter("agents", agents)
                    .parameter("conversations", conversations)
                    .parameter("rates", rates)
                    .parameter("step-seconds", stepSeconds)
                    .parameter("max-p99-ms", maxP99Ms)
                    .parameter("undo-window-ms", undoWindowMs)
                    .parameter("stub-latency-ms", stubBefore.getLong("latencyMs"))
                    .figures(switchboard.provisioningFigures())
                    .figure("agents connected", (long) listeners.sockets().size())
                    .figure("conversations owned", (long) owned.size());
            if (owned.isEmpty()) {
                listeners.closeAll();
                return result.check("every conversation created and claimed", false, "none")
                        .headline("no conversation could be created and claimed");
            }

            Window warm = new Window();
            Percentiles warmUp = warmUp(switchboard, owned, warm);
            result.figure("warm-up sends SUBMITTED", warm.submits.get())
                    .figure("warm-up send to SUBMITTED p50 (ms)", warmUp.p50());

            RateSteps.Outcome outcome = RateSteps.run(rates, keepGoing, rate -> step(switchboard, stub, owned, rate), result);
            listeners.closeAll();

            JsonObject stubAfter = stubStats(stub);
            long duplicatesAtStub = stubAfter.getLong("duplicates", 0L) - stubBefore.getLong("duplicates", 0L);
            long duplicateEvents = duplicateStatusEvents.get();
            return result
                    .figure("sustained rate (sends/s)", (long) outcome.sustainable())
                    .figure("breaking rate (sends/s)", outcome.breakingRate())
                    .figure("Vonage stub calls during the run", stubAfter.getLong("served", 0L) - stubBefore.getLong("served", 0L))
                    .figure("Vonage stub calls repeating a client_ref", duplicatesAtStub)
                    .figure("status events for messages never answered 202", unknownEvents())
                    .figure("sockets lost", (long) listeners.lost())
                    .check("every agent connected", listeners.failed() == 0, listeners.failureSummary())
                    .check("no socket lost", listeners.lost() == 0, listeners.lost() == 0 ? "" : "close codes " + listeners.lostCodes())
                    .check("every conversation created and claimed", owned.size() == conversations, owned.size() + " of " + conversations)
                    .check("the warm-up sends reached SUBMITTED", warm.submits.get() == warmup, warm.submits.get() + " of " + warmup
                            + (warm.submits.get() == warmup ? "" : ": does the service send to the stub, with an api-key and api-secret?"))
                    .check("no message sent to Vonage twice", duplicatesAtStub == 0, duplicatesAtStub + " repeated client_ref")
                    .check("no SUBMITTED event twice", duplicateEvents == 0, duplicateEvents + " duplicates")
                    .headline("sustained " + outcome.sustainable() + " sends/s (p99 to SUBMITTED ≤ " + Percentiles.format(maxP99Ms)
                            + " ms, none missing) by " + listeners.sockets().size() + " agents; " + outcome.breakDetail());
        } finally {
            if (ownStub != null) {
                Await.result(ownStub.close(), Duration.ofSeconds(10));
            }
        }
    }

    private Percentiles warmUp(SwitchboardTarget switchboard, List<Owned> owned, Window window) {
        for (int w = 0; w < warmup; w++) {
            Owned conversation = owned.get(w % owned.size());
            long sent = System.nanoTime();
            ApiResponse reply = Await.result(switchboard.send(conversation.owner(), conversation.conversationId(), "warm-up " + w),
                    Duration.ofSeconds(30));
            if (reply.status() == 202) {
                window.accepts.incrementAndGet();
                onAccepted(reply.json().getString("id"), sent, window);
            } else {
                Progress.say(name(), "warm-up send answered " + reply.status() + " " + reply.body());
            }
        }
        Await.until(() -> window.missing() == 0, Duration.ofMillis(undoWindowMs).plusSeconds(drainSeconds));
        Percentiles latency = window.submitted.percentiles();
        Progress.say(name(), warmup + " warm-up sends: to SUBMITTED " + latency + ", " + window.missing() + " missing");
        if (latency.count() > 0 && latency.p50() > 4000) {
            Progress.say(name(), "WARNING: the warm-up took " + Percentiles.format(latency.p50()) + " ms beyond --undo-window-ms="
                    + undoWindowMs + " to be SUBMITTED: is the service's switchboard.undo-window larger?");
        }
        return latency;
    }

    private RateSteps.Step step(SwitchboardTarget switchboard, JsonHttp stub, List<Owned> owned, int rate) {
        Window window = new Window();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicLong rejected = new AtomicLong();
        AtomicLong timeouts = new AtomicLong();
        Map<String, Integer> rejections = new ConcurrentHashMap<>();
        long shed = 0;
        int total = rate * stepSeconds;
        Progress.say(name(), "step " + rate + "/s for " + stepSeconds + " s (" + total + " sends)");

        List<Long> pids = switchboard.serverPids();
        long stubBefore = stubStats(stub).getLong("served", 0L);
        long cpuBefore = ServerProcess.cpuMillis(pids);
        RateSteps.Schedule schedule = new RateSteps.Schedule(rate);
        try (Progress progress = Progress.every(name(), Duration.ofSeconds(2), () -> String.format(Locale.ROOT,
                "%d/s: 202s %d/%d, in flight %d, SUBMITTED %d/%d", rate, window.accepted.count(), total, inFlight.get(),
                window.submits.get(), window.accepts.get()))) {
            for (int i = 0; i < total; i++) {
                long due = schedule.awaitCall(i);
                if (inFlight.get() >= maxInFlight) {
                    shed++;
                    continue;
                }
                Owned conversation = owned.get(i % owned.size());
                inFlight.incrementAndGet();
                switchboard.send(conversation.owner(), conversation.conversationId(), "sends " + rate + "/s #" + i).onComplete(reply -> {
                    if (reply.succeeded() && reply.result().status() == 202) {
                        window.accepted.recordSince(due, System.nanoTime());
                        window.accepts.incrementAndGet();
                        onAccepted(reply.result().json().getString("id"), due, window);
                    } else if (reply.failed()) {
                        (reply.cause().getClass().getSimpleName().contains("Timeout") ? timeouts : rejected).incrementAndGet();
                    } else {
                        rejected.incrementAndGet();
                        rejections.merge(reply.result().status() + " " + reply.result().errorCode(), 1, Integer::sum);
                    }
                    inFlight.decrementAndGet();
                });
            }
            double sendSeconds = schedule.secondsSoFar();
            Await.until(() -> inFlight.get() == 0 && window.missing() == 0, Duration.ofSeconds(drainSeconds));
            long cpuAfter = ServerProcess.cpuMillis(pids);
            long stubCalls = stubStats(stub).getLong("served", 0L) - stubBefore;

            Percentiles post = window.accepted.percentiles();
            Percentiles submitted = window.submitted.percentiles();
            long notSubmitted = total - window.submits.get();
            List<String> broken = new ArrayList<>();
            if (submitted.p99() > maxP99Ms) {
                broken.add("p99 to SUBMITTED " + Percentiles.format(submitted.p99()) + " ms");
            }
            if (notSubmitted > 0) {
                broken.add(notSubmitted + " of " + total + " not SUBMITTED (" + (rejected.get() + timeouts.get()) + " POSTs failed, "
                        + shed + " shed, " + inFlight.get() + " unanswered, " + window.failedStatus.get() + " FAILED, "
                        + window.missing() + " missing after " + drainSeconds + " s)");
            }
            if (!rejections.isEmpty()) {
                Progress.say(name(), rate + "/s: POSTs not accepted: " + rejections);
            }
            JsonObject row = new JsonObject()
                    .put("rate/s", rate)
                    .put("achieved/s", Math.round((total - shed) / sendSeconds))
                    .put("202 p50", post.p50())
                    .put("202 p99", post.p99())
                    .put("submitted p50", submitted.p50())
                    .put("submitted p99", submitted.p99())
                    .put("submitted max", submitted.max())
                    .put("not accepted", rejected.get())
                    .put("timeouts", timeouts.get())
                    .put("shed", shed)
                    .put("FAILED", window.failedStatus.get())
                    .put("missing", window.missing())
                    .put("stub calls", stubCalls)
                    .put("server CPU ms/send", cpuBefore < 0 || cpuAfter < 0 ? null : (cpuAfter - cpuBefore) / (double) (total - shed))
                    .put("generator lag max (ms)", schedule.maxLagMillis())
                    .put("verdict", broken.isEmpty() ? "ok" : "broken");
            Progress.say(name(), rate + "/s: 202 " + post + "; SUBMITTED " + submitted + (broken.isEmpty() ? "; ok" : "; BROKEN: " + broken));
            return new RateSteps.Step(rate, row, broken);
        }
    }

    /** The 202 of a send: its message id, due time and window. */
    private void onAccepted(String messageId, long dueNanos, Window window) {
        if (messageId == null) {
            return;
        }
        messages.compute(messageId, (id, sent) -> {
            Sent s = sent == null ? new Sent() : sent;
            s.dueNanos = dueNanos;
            s.window = window;
            return settle(s);
        });
    }

    /** A message.status event on the owner's socket; only SUBMITTED and FAILED end a send. */
    private void onStatus(String messageId, String status, long atNanos) {
        if (messageId == null || !(SUBMITTED.equals(status) || "FAILED".equals(status))) {
            return;
        }
        messages.compute(messageId, (id, sent) -> {
            Sent s = sent == null ? new Sent() : sent;
            if (s.eventNanos >= 0) {
                duplicateStatusEvents.incrementAndGet();
                return s;
            }
            s.eventNanos = atNanos;
            s.status = status;
            return settle(s);
        });
    }

    /** Records the send once both its 202 and its status event are known. */
    private Sent settle(Sent s) {
        if (!s.counted && s.window != null && s.eventNanos >= 0) {
            s.counted = true;
            if (SUBMITTED.equals(s.status)) {
                s.window.submitted.recordSince(s.dueNanos + undoWindowMs * 1_000_000, s.eventNanos);
                s.window.submits.incrementAndGet();
            } else {
                s.window.failedStatus.incrementAndGet();
            }
        }
        return s;
    }

    /** Status events whose message this run never saw answered 202 (e.g. the 202 timed out). */
    private long unknownEvents() {
        return messages.values().stream().filter(s -> s.window == null).count();
    }

    private VonageStub startStub(Vertx vertx) {
        try {
            return Await.result(VonageStub.start(vertx, stubPort, stubLatencyMs), Duration.ofSeconds(30));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("cannot start the Vonage stub on port " + stubPort + " (" + e.getMessage()
                    + "); if a vonage-stub already runs there, add --stub-external", e);
        }
    }

    private JsonObject stubStats(JsonHttp stub) {
        try {
            ApiResponse reply = Await.result(stub.get("/stats", null), Duration.ofSeconds(10));
            if (reply.status() == 200) {
                return reply.json();
            }
        } catch (RuntimeException e) {
            Progress.say(name(), "the Vonage stub on port " + stubPort + " does not answer /stats: " + e.getMessage());
        }
        return new JsonObject().put("served", 0L).put("duplicates", 0L).put("latencyMs", -1L);
    }
}
