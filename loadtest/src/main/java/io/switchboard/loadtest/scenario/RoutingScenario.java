/*
 * routing: M inbound webhooks into a LEAST_BUSY queue of N connected agents with a capacity each.
 *
 * Parameters:
 *   --agents N           queue members, READY, each with one open /ws/inbox socket (default 50)
 *   --capacity C         the queue's maxPerAgent (default 10: N x C conversations can be routed)
 *   --messages M         inbound webhooks, each from a new contact (default 200)
 *   --interval-ms I      pause between webhooks (default 25, i.e. 40/s)
 *   --drain-seconds S    how long to wait for the last assignments (default 20)
 *   --warmup W           webhooks routed first and not measured (default 5)
 *   target options       --base-url (two = two-instance mode), --timeout-ms, --out, ... (TargetOptions)
 *
 * Reports routing latency: from the webhook's send to its owner's receipt of conversation.assigned
 * (by routing), matched to the webhook by the contact of the conversation it carries (routed on
 * arrival) or of the conversation.created alert that preceded it (routed after waiting).
 * Checks: every conversation that fits is assigned (min(M, N x C)), each once, to an agent of the
 * queue, and no agent is sent more than C.
 */
package io.switchboard.loadtest.scenario;

import io.switchboard.loadtest.client.AgentSocket;
import io.switchboard.loadtest.client.Frame;
import io.switchboard.loadtest.client.ApiResponse;
import io.switchboard.loadtest.client.JsonHttp;
import io.switchboard.loadtest.report.ScenarioResult;
import io.switchboard.loadtest.support.Await;
import io.switchboard.loadtest.support.Latency;
import io.switchboard.loadtest.support.PhoneNumbers;
import io.switchboard.loadtest.support.Progress;
import io.switchboard.loadtest.support.ServerProcess;
import io.switchboard.loadtest.target.SwitchboardTarget;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

@Command(name = "routing", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        description = "M webhooks into a LEAST_BUSY queue of N agents with capacity C: inbound-to-assigned latency, capacity never exceeded.")
public class RoutingScenario extends ScenarioCommand {

    @Option(names = "--agents", defaultValue = "50", description = "READY queue members. Default: ${DEFAULT-VALUE}")
    int agents;

    @Option(names = "--capacity", defaultValue = "10", description = "The queue's maxPerAgent. Default: ${DEFAULT-VALUE}")
    int capacity;

    @Option(names = "--messages", defaultValue = "200", description = "Inbound webhooks (new conversations). Default: ${DEFAULT-VALUE}")
    int messages;

    @Option(names = "--interval-ms", defaultValue = "25", description = "Pause between webhooks. Default: ${DEFAULT-VALUE}")
    int intervalMs;

    @Option(names = "--drain-seconds", defaultValue = "20", description = "Wait for late assignments. Default: ${DEFAULT-VALUE}")
    int drainSeconds;

    @Option(names = "--warmup", defaultValue = "5", description = "Unmeasured webhooks sent first. Default: ${DEFAULT-VALUE}")
    int warmup;

    /** What the sockets saw: when each contact's webhook went out, and each routed assignment. */
    private static final class Assignments {
        final Map<String, Long> sentByContact = new ConcurrentHashMap<>();
        final Map<String, Long> sentByConversation = new ConcurrentHashMap<>();
        final Map<String, String> ownerByConversation = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> perAgent = new ConcurrentHashMap<>();
        final AtomicLong duplicates = new AtomicLong();
        final List<String> agentIds;
        volatile Latency latency = new Latency();

        Assignments(List<String> agentIds) {
            this.agentIds = agentIds;
        }

        void onFrame(AgentSocket socket, Frame frame, long at) {
            String type = frame.type();
            JsonObject data = frame.data();
            if (data == null) {
                return;
            }
            if (AlertTracker.CREATED.equals(type) && data.getJsonObject("contact") != null) {
                Long sent = sentByContact.get(data.getJsonObject("contact").getString("number"));
                if (sent != null) {
                    sentByConversation.putIfAbsent(data.getString("id"), sent);
                }
            } else if ("conversation.assigned".equals(type) && "routing".equals(data.getString("by"))
                    && agentIds.get(socket.index()).equals(data.getString("ownerId"))) {
                String conversationId = data.getString("conversationId");
                if (ownerByConversation.putIfAbsent(conversationId, data.getString("ownerId")) != null) {
                    duplicates.incrementAndGet();
                    return;
                }
                perAgent.computeIfAbsent(data.getString("ownerId"), id -> new AtomicInteger()).incrementAndGet();
                // Routed as it arrived, the event carries the conversation; routed after waiting, its alert told us.
                JsonObject carried = data.getJsonObject("conversation");
                Long sent = carried != null ? sentByContact.get(carried.getJsonObject("contact").getString("number"))
                        : sentByConversation.get(conversationId);
                if (sent != null) {
                    latency.recordSince(sent, at);
                }
            }
        }
    }

    @Override
    String name() {
        return "routing";
    }

    @Override
    ScenarioResult run(Vertx vertx) {
        try (SwitchboardTarget switchboard = new SwitchboardTarget(vertx, target, name())) {
            switchboard.provision(agents, true, true);
            Await.result(JsonHttp.expect(switchboard.instance(0).put("/api/queues/" + switchboard.queueId() + "/routing",
                    switchboard.adminToken(), new JsonObject().put("mode", "LEAST_BUSY").put("maxPerAgent", capacity)), 200,
                    "routing set"), Duration.ofSeconds(30));
            Assignments seen = new Assignments(switchboard.agents().subList(0, agents).stream().map(SwitchboardTarget.Agent::id).toList());
            ConnectedListeners listeners = ConnectedListeners.connect(name(), inboxClients(vertx),
                    switchboard.listeners(agents, true), agents, target.connectConcurrency, seen::onFrame);
            PhoneNumbers numbers = new PhoneNumbers();
            send(switchboard, seen, numbers, warmup, "warm-up");
            Await.until(() -> seen.ownerByConversation.size() >= Math.min(warmup, agents * capacity), Duration.ofSeconds(drainSeconds));
            int warmedUp = seen.ownerByConversation.size();
            seen.latency = new Latency();

            List<Long> pids = switchboard.serverPids();
            long cpuBefore = ServerProcess.cpuMillis(pids);
            List<Future<ApiResponse>> replies;
            try (Progress progress = Progress.every(name(), Duration.ofSeconds(2), () -> "assigned " + seen.ownerByConversation.size())) {
                replies = send(switchboard, seen, numbers, messages, "routing message");
                int expected = Math.min(warmedUp + messages, agents * capacity);
                Await.until(() -> seen.ownerByConversation.size() >= expected, Duration.ofSeconds(drainSeconds));
            }
            long cpuAfter = ServerProcess.cpuMillis(pids);
            listeners.closeAll();

            int expected = Math.min(warmedUp + messages, agents * capacity);
            long accepted = replies.stream().filter(r -> r.succeeded() && switchboard.accepted(r.result())).count();
            int mostPerAgent = seen.perAgent.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
            var routed = seen.latency.percentiles();
            return newResult(switchboard)
                    .parameter("agents", agents)
                    .parameter("capacity", capacity)
                    .parameter("messages", messages)
                    .parameter("interval-ms", intervalMs)
                    .parameter("warmup", warmup)
                    .figures(switchboard.provisioningFigures())
                    .figure("webhooks accepted", accepted)
                    .figure("conversations assigned", (long) seen.ownerByConversation.size())
                    .figure("most assigned to one agent", (long) mostPerAgent)
                    .comparedFigure("server CPU per routed webhook (ms)", FanoutScenario.cpuPer(cpuBefore, cpuAfter, messages))
                    .latency("inbound to assigned", routed)
                    .check("every webhook accepted", accepted == messages, accepted + " of " + messages)
                    .check("every conversation that fits is assigned", seen.ownerByConversation.size() == expected,
                            seen.ownerByConversation.size() + " of " + expected)
                    .check("never over capacity", mostPerAgent <= capacity, "most " + mostPerAgent + " > " + capacity)
                    .check("each assigned once", seen.duplicates.get() == 0, seen.duplicates.get() + " twice")
                    .headline(String.format(Locale.ROOT, "%d agents (capacity %d) x %d webhooks: inbound to assigned p50 %.1f ms, p99 %.1f ms",
                            agents, capacity, messages, routed.p50(), routed.p99()));
        }
    }

    private List<Future<ApiResponse>> send(SwitchboardTarget switchboard, Assignments seen, PhoneNumbers numbers, int count, String text) {
        List<Future<ApiResponse>> replies = new ArrayList<>();
        for (int m = 0; m < count; m++) {
            String contact = numbers.nextContact();
            seen.sentByContact.put(contact, System.nanoTime());
            replies.add(switchboard.inbound(m, contact, text + " " + m));
            Await.sleep(Duration.ofMillis(intervalMs));
        }
        Await.until(() -> replies.stream().allMatch(Future::isComplete), Duration.ofSeconds(drainSeconds));
        return replies;
    }
}
