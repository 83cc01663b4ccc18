/*
 * claim-storm: K conversations, each claimed at the same moment by all N agents of its queue.
 *
 * Parameters:
 *   --agents N           queue members, READY, each with an open /ws/inbox socket (default 50)
 *   --conversations K    conversations to fight over, one storm each, one after the other (default 30)
 *   --pause-ms P         pause between storms (default 200)
 *   --drain-seconds S    how long to wait for the conversation.claimed alerts (default 15)
 *   --warmup W           extra storms run first: checked like the others, left out of the latencies,
 *                        so that a freshly started server's JIT warm-up is not measured (default 3)
 *   target options       --base-url (two = two-instance mode: agent i claims through instance i % 2),
 *                        --http-pool (>= N), --timeout-ms, --out, ... (TargetOptions)
 *
 * Checks, per conversation: exactly one 200 (zero or two winners fail the run), every other claim
 * 409 already_claimed naming that winner, PostgreSQL's owner (GET as admin) is that winner, and
 * every agent was told by conversation.claimed. Reports claim latency for winners and for losers
 * apart: losers are decided in Redis alone, the winner also writes PostgreSQL.
 */
package io.switchboard.loadtest.scenario;

import io.switchboard.loadtest.client.AgentSocket;
import io.switchboard.loadtest.client.Frame;
import io.switchboard.loadtest.client.ApiResponse;
import io.switchboard.loadtest.client.JsonHttp;
import io.switchboard.loadtest.report.ScenarioResult;
import io.switchboard.loadtest.support.Await;
import io.switchboard.loadtest.support.Bounded;
import io.switchboard.loadtest.support.Latency;
import io.switchboard.loadtest.support.PhoneNumbers;
import io.switchboard.loadtest.support.Progress;
import io.switchboard.loadtest.support.ServerProcess;
import io.switchboard.loadtest.target.SwitchboardTarget;
import io.switchboard.loadtest.target.SwitchboardTarget.Agent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

@Command(name = "claim-storm", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        description = "K conversations, each claimed at once by all N agents: exactly one winner each; winner and loser latency.")
public class ClaimStormScenario extends ScenarioCommand {

    @Option(names = "--agents", defaultValue = "50", description = "READY queue members claiming. Default: ${DEFAULT-VALUE}")
    int agents;

    @Option(names = "--conversations", defaultValue = "30", description = "Conversations (storms). Default: ${DEFAULT-VALUE}")
    int conversations;

    @Option(names = "--pause-ms", defaultValue = "200", description = "Pause between storms. Default: ${DEFAULT-VALUE}")
    int pauseMs;

    @Option(names = "--drain-seconds", defaultValue = "15", description = "Wait for claimed alerts. Default: ${DEFAULT-VALUE}")
    int drainSeconds;

    @Option(names = "--warmup", defaultValue = "3", description = "Unmeasured storms run first. Default: ${DEFAULT-VALUE}")
    int warmup;

    /** One claim's answer and how long it took. */
    private record Claim(Agent agent, int status, String error, String ownerId, long nanos) {
    }

    /** The verdict on one conversation's storm, and how long from its first claim sent to its last answered. */
    private record Storm(String conversationId, String winnerId, int winners, int wrongOwnerNamed, Map<String, Integer> others,
                         long nanos) {
    }

    @Override
    String name() {
        return "claim-storm";
    }

    @Override
    ScenarioResult run(Vertx vertx) {
        try (SwitchboardTarget switchboard = new SwitchboardTarget(vertx, target, name())) {
            switchboard.provision(agents, true, true);
            AlertTracker tracker = new AlertTracker();
            // conversation id -> agent index -> the owner announced to that agent
            Map<String, Map<Integer, String>> claimedAlerts = new ConcurrentHashMap<>();
            ConnectedListeners listeners = ConnectedListeners.connect(name(), inboxClients(vertx),
                    switchboard.listeners(agents, true), agents, target.connectConcurrency,
                    (AgentSocket socket, Frame frame, long at) -> {
                        tracker.onFrame(socket, frame, at);
                        String conversationId = "conversation.claimed".equals(frame.type()) ? frame.dataString("conversationId") : null;
                        if (conversationId != null) {
                            claimedAlerts.computeIfAbsent(conversationId, id -> new ConcurrentHashMap<>())
                                    .put(socket.index(), String.valueOf(frame.dataString("ownerId")));
                        }
                    });
            List<String> conversationIds = createConversations(switchboard, tracker, listeners.sockets().size());
            warmUp(switchboard);

            List<Long> pids = switchboard.serverPids();
            long cpuBefore = ServerProcess.cpuMillis(pids);
            long generatorCpuBefore = ServerProcess.generatorCpuMillis();
            Latency winners = new Latency();
            Latency losers = new Latency();
            List<Storm> storms = new ArrayList<>();
            try (Progress progress = Progress.every(name(), Duration.ofSeconds(2), () -> "storms " + storms.size() + "/" + conversationIds.size())) {
                for (int k = 0; k < conversationIds.size(); k++) {
                    boolean measured = k >= warmup;
                    storms.add(storm(switchboard, conversationIds.get(k), measured ? winners : new Latency(), measured ? losers : new Latency()));
                    Await.sleep(Duration.ofMillis(pauseMs));
                }
            }

            long cpuAfter = ServerProcess.cpuMillis(pids);
            long generatorCpuAfter = ServerProcess.generatorCpuMillis();
            int connected = listeners.sockets().size();
            long expectedClaimedAlerts = (long) connected * storms.size();
            Await.until(() -> claimedAlertsReceived(claimedAlerts, storms) >= expectedClaimedAlerts, Duration.ofSeconds(drainSeconds));
            long claimedAlertsOk = claimedAlertsReceived(claimedAlerts, storms);
            long databaseAgrees = storms.stream().filter(s -> s.winnerId() != null
                    && s.winnerId().equals(ownerInDatabase(switchboard, s.conversationId()))).count();
            listeners.closeAll();

            long oneWinner = storms.stream().filter(s -> s.winners() == 1).count();
            long noWinner = storms.stream().filter(s -> s.winners() == 0).count();
            long severalWinners = storms.stream().filter(s -> s.winners() > 1).count();
            long wrongOwnerNamed = storms.stream().mapToLong(Storm::wrongOwnerNamed).sum();
            Map<String, Integer> others = new TreeMap<>();
            storms.forEach(s -> s.others().forEach((k, v) -> others.merge(k, v, Integer::sum)));
            long otherAnswers = others.values().stream().mapToLong(Integer::longValue).sum();

            var win = winners.percentiles();
            var lose = losers.percentiles();
            return newResult(switchboard)
                    .parameter("agents", agents)
                    .parameter("conversations", conversations)
                    .parameter("pause-ms", pauseMs)
                    .parameter("warmup", warmup)
                    .figures(switchboard.provisioningFigures())
                    .figure("agents connected", (long) connected)
                    .figure("claims sent (warm-up included)", (long) storms.size() * agents)
                    .figure("conversations with exactly one winner", oneWinner)
                    .figure("conversations with no winner", noWinner)
                    .figure("conversations with several winners", severalWinners)
                    .figure("409s naming another owner than the winner", wrongOwnerNamed)
                    .figure("answers neither 200 nor 409 already_claimed", otherAnswers)
                    .figure("database owner = winner", databaseAgrees)
                    .figure("conversation.claimed alerts expected", expectedClaimedAlerts)
                    .figure("conversation.claimed alerts with the winner", claimedAlertsOk)
                    .figure("claims answered per second of storm time (pauses left out)", claimRate(storms.subList(Math.min(warmup, storms.size()), storms.size())))
                    .figure("server CPU per claim, its alerts included (ms)", FanoutScenario.cpuPer(cpuBefore, cpuAfter, (long) storms.size() * agents))
                    // The generator shares the cores: a storm's last answers wait for its work too.
                    .figure("load generator CPU per claim (ms)", FanoutScenario.cpuPer(generatorCpuBefore, generatorCpuAfter, (long) storms.size() * agents))
                    .latency("claim winner", win)
                    .latency("claim loser", lose)
                    .check("every conversation created", conversationIds.size() == conversations + warmup,
                            conversationIds.size() + " of " + (conversations + warmup))
                    .check("exactly one winner per conversation", oneWinner == storms.size(),
                            noWinner + " with none, " + severalWinners + " with several")
                    .check("every loser told the winner's id", wrongOwnerNamed == 0 && otherAnswers == 0, others.toString())
                    .check("PostgreSQL's owner is the winner", databaseAgrees == storms.size(), databaseAgrees + " of " + storms.size())
                    .check("every agent told who won", claimedAlertsOk == expectedClaimedAlerts, claimedAlertsOk + " of " + expectedClaimedAlerts)
                    .headline(String.format(Locale.ROOT, "%d conversations x %d agents (+%d warm-up): %d/%d with one winner; "
                                    + "winner p50 %.1f p99 %.1f ms, loser p50 %.1f p99 %.1f ms",
                            conversations, agents, warmup, oneWinner, storms.size(), win.p50(), win.p99(), lose.p50(), lose.p99()));
        }
    }

    /** K + W webhooks from as many new contacts; the conversation ids come from the alerts. */
    private List<String> createConversations(SwitchboardTarget switchboard, AlertTracker tracker, int listeners) {
        PhoneNumbers numbers = new PhoneNumbers();
        AlertTracker.Window window = new AlertTracker.Window();
        List<String> contacts = new ArrayList<>();
        for (int k = 0; k < conversations + warmup; k++) {
            String contact = numbers.nextContact();
            contacts.add(contact);
            tracker.expect(contact, System.nanoTime(), window, listeners);
            ApiResponse reply = Await.result(switchboard.inbound(k, contact, "claim storm " + k), Duration.ofSeconds(30));
            if (!switchboard.accepted(reply)) {
                throw new IllegalStateException("inbound webhook answered " + reply.status() + " " + reply.body());
            }
        }
        Await.until(() -> contacts.stream().allMatch(c -> tracker.conversationOf(c) != null), Duration.ofSeconds(drainSeconds));
        List<String> ids = contacts.stream().map(tracker::conversationOf).filter(Objects::nonNull).toList();
        Progress.say(name(), ids.size() + " of " + (conversations + warmup) + " conversations created and announced");
        return ids;
    }

    /**
     * Opens one pooled connection per agent beforehand, so that a storm measures claims and not
     * TCP handshakes, and its requests really leave together.
     */
    private void warmUp(SwitchboardTarget switchboard) {
        for (int i = 0; i < switchboard.instanceCount(); i++) {
            JsonHttp http = switchboard.instance(i);
            Bounded.run(agents, agents, n -> http.get("/q/health/live", null), new AtomicInteger());
        }
    }

    /** All agents claim one conversation at once; answers the verdict. */
    private Storm storm(SwitchboardTarget switchboard, String conversationId, Latency winners, Latency losers) {
        List<Future<Claim>> claims = new ArrayList<>(agents);
        long began = System.nanoTime();
        for (Agent agent : switchboard.agents()) {
            long start = System.nanoTime();
            claims.add(switchboard.claim(agent, conversationId).map(reply -> {
                long nanos = System.nanoTime() - start;
                JsonObject body = reply.json();
                return new Claim(agent, reply.status(), body.getString("error"), body.getString("ownerId"), nanos);
            }).recover(failure -> Future.succeededFuture(new Claim(agent, -1, failure.getClass().getSimpleName(), null, 0))));
        }
        try {
            Await.result(Future.join(claims), Duration.ofSeconds(60));
        } catch (IllegalStateException stalled) {
            // A claim the server never answered is a finding, not the end of the run: count it and go on.
            Progress.say(name(), "conversation " + conversationId + ": "
                    + claims.stream().filter(claim -> !claim.isComplete()).count() + " claims unanswered after 60 s");
        }
        long stormNanos = System.nanoTime() - began;
        List<Claim> answers = claims.stream()
                .map(claim -> claim.isComplete() ? claim.result() : new Claim(null, -1, "no answer within 60 s", null, 0))
                .toList();
        List<Claim> won = answers.stream().filter(c -> c.status() == 200).toList();
        String winnerId = won.size() == 1 ? won.get(0).agent().id() : null;
        int wrongOwnerNamed = 0;
        Map<String, Integer> others = new TreeMap<>();
        for (Claim claim : answers) {
            if (claim.status() == 200) {
                winners.record(claim.nanos());
            } else if (claim.status() == 409 && "already_claimed".equals(claim.error())) {
                losers.record(claim.nanos());
                if (winnerId != null && !winnerId.equals(claim.ownerId())) {
                    wrongOwnerNamed++;
                }
            } else {
                others.merge(claim.status() + " " + claim.error(), 1, Integer::sum);
            }
        }
        if (won.size() != 1) {
            Progress.say(name(), "conversation " + conversationId + " had " + won.size() + " winners: " + others);
        }
        return new Storm(conversationId, winnerId, won.size(), wrongOwnerNamed, others, stormNanos);
    }

    /** The rate the service answered claims while storms ran: their claims over their durations. */
    private double claimRate(List<Storm> measured) {
        long nanos = measured.stream().mapToLong(Storm::nanos).sum();
        return nanos == 0 ? 0 : Math.round((double) measured.size() * agents * 1e9 / nanos);
    }

    private static long claimedAlertsReceived(Map<String, Map<Integer, String>> alerts, List<Storm> storms) {
        long ok = 0;
        for (Storm storm : storms) {
            Map<Integer, String> seen = alerts.getOrDefault(storm.conversationId(), Map.of());
            ok += seen.values().stream().filter(owner -> owner.equals(storm.winnerId())).count();
        }
        return ok;
    }

    /** PostgreSQL is the truth: the owner the REST API reports to the workspace admin. */
    private static String ownerInDatabase(SwitchboardTarget switchboard, String conversationId) {
        ApiResponse reply = Await.result(switchboard.instance(0).get("/api/conversations/" + conversationId, switchboard.adminToken()),
                Duration.ofSeconds(30));
        return reply.status() == 200 ? reply.json().getString("ownerId") : "answered " + reply.status();
    }
}
