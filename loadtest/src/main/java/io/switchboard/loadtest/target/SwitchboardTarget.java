package io.switchboard.loadtest.target;

import io.switchboard.loadtest.client.ApiResponse;
import io.switchboard.loadtest.client.JsonHttp;
import io.switchboard.loadtest.client.SocketSpec;
import io.switchboard.loadtest.support.Await;
import io.switchboard.loadtest.support.Bounded;
import io.switchboard.loadtest.support.PhoneNumbers;
import io.switchboard.loadtest.support.Progress;
import io.switchboard.loadtest.support.ServerProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Switchboard at one or two base URLs, with a workspace of the run's own, provisioned through the
 * public API only: the platform operator creates the workspace, its admin creates a queue, an SMS
 * sender (random number, no daily limit, no business hours) and the agents, each logged in on
 * instance {@code index % instances}.
 *
 * The quick run shares one workspace between its scenarios ({@link #shareOneWorkspace()}): each
 * scenario takes the first agents it needs, creating only those still missing, because provisioning
 * (two bcrypt rounds per agent on the server) would otherwise be most of its time.
 */
public final class SwitchboardTarget implements InboxTarget {

    /** One provisioned agent: its id, token and the instance it talks to. */
    public record Agent(int index, String id, String username, String token, int instance) {
    }

    /** What one run provisioned, kept for the next scenarios when they share it. */
    private record Workspace(List<String> baseUrls, String run, String name, String adminToken, String queueId,
                             String senderId, String senderNumber, List<Agent> agents) {
    }

    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);
    private static final String PASSWORD = "loadtest-password";

    private final TargetOptions options;
    private final String scenario;
    private final List<JsonHttp> instances = new ArrayList<>();
    /** Unique to the run: prefixes usernames, names the workspace. */
    private final String run;
    private final String workspaceName;
    private final String adminToken;
    private final String queueId;
    private final String senderId;
    private final String senderNumber;
    /** Every agent of the workspace; with a shared workspace also those of earlier scenarios. */
    private final List<Agent> agents;
    private final Map<String, Object> provisioning = new LinkedHashMap<>();
    private List<Long> pids;
    /** How many of {@link #agents} this scenario uses: all of them unless the workspace is shared. */
    private int inUse;
    /** Whether this scenario works in a workspace set up by an earlier one (quick). */
    private final boolean reused;
    private boolean prepared;

    /** Whether the scenarios of this JVM share one workspace, and the one they share once set up. */
    private static boolean sharing;
    private static Workspace shared;

    public SwitchboardTarget(Vertx vertx, TargetOptions options, String scenario) {
        this.options = options;
        this.scenario = scenario;
        if (options.baseUrls.isEmpty() || options.baseUrls.size() > 2) {
            throw new IllegalArgumentException("--base-url takes one or two URLs");
        }
        options.baseUrls.forEach(url -> instances.add(new JsonHttp(vertx, url, options.httpPool, options.timeoutMs)));
        synchronized (SwitchboardTarget.class) {
            Workspace earlier = sharing ? shared : null;
            reused = earlier != null && earlier.baseUrls().equals(options.baseUrls);
            if (reused) {
                run = earlier.run();
                workspaceName = earlier.name();
                adminToken = earlier.adminToken();
                queueId = earlier.queueId();
                senderId = earlier.senderId();
                senderNumber = earlier.senderNumber();
                agents = earlier.agents();
                Progress.say(scenario, "workspace '" + workspaceName + "' of the earlier scenarios, " + agents.size() + " agents");
                return;
            }
        }
        agents = sharing ? Collections.synchronizedList(new ArrayList<>()) : new ArrayList<>();
        long start = System.nanoTime();
        run = "lt" + Long.toString(Instant.now().getEpochSecond(), 36) + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
        workspaceName = "loadtest " + scenario + " " + run;
        JsonHttp first = instances.get(0);

        String operatorToken = login(first, options.operatorUsername, options.operatorPassword);
        call(first.post("/api/workspaces", operatorToken, new JsonObject()
                .put("name", workspaceName).put("adminUsername", run + "-admin").put("adminPassword", PASSWORD)), 201, "create workspace");
        adminToken = login(first, run + "-admin", PASSWORD);
        queueId = call(first.post("/api/queues", adminToken, new JsonObject().put("name", "loadtest")), 201, "create queue").getString("id");
        JsonObject sender = createSender(first);
        senderId = sender.getString("id");
        senderNumber = sender.getString("number");
        provisioning.put("workspace setup (s)", seconds(System.nanoTime() - start));
        Progress.say(scenario, "workspace '" + workspaceName + "' on " + options.baseUrls + ", sender " + senderNumber);
        synchronized (SwitchboardTarget.class) {
            if (sharing) {
                shared = new Workspace(List.copyOf(options.baseUrls), run, workspaceName, adminToken, queueId, senderId, senderNumber, agents);
            }
        }
    }

    /**
     * From now on the scenarios of this JVM share one workspace (the quick run): the first sets it
     * up, each creates only the agents it lacks and makes the ones it uses, the first N, the queue's
     * only members (and READY) itself. Contact numbers are unique per JVM, so runs never meet.
     */
    public static synchronized void shareOneWorkspace() {
        sharing = true;
        shared = null;
    }

    /** Sender numbers are unique platform-wide: draw again on the rare collision with an earlier run. */
    private JsonObject createSender(JsonHttp http) {
        for (int attempt = 1; ; attempt++) {
            JsonObject body = new JsonObject().put("number", PhoneNumbers.randomSender()).put("channel", "SMS").put("queueId", queueId);
            ApiResponse reply = Await.result(http.post("/api/senders", adminToken, body), SETUP_TIMEOUT);
            if (reply.status() == 201) {
                return reply.json();
            }
            if (reply.status() != 409 || attempt == 5) {
                throw new IllegalStateException("create sender answered " + reply.status() + " " + reply.body());
            }
        }
    }

    /**
     * Creates {@code count} agents (in addition to any already there), logs each in, makes them
     * members of the run's queue when {@code inQueue}, and READY (so they may claim) when {@code ready}.
     * In a shared workspace the scenario's first call also does so for the agents it takes over.
     */
    public void provision(int count, boolean inQueue, boolean ready) {
        int from = agents.size();
        boolean takeOver = reused && !prepared;
        prepared = true;
        inUse = Math.max(inUse, sharing ? count : Math.max(count, from));
        if (count <= from && !takeOver) {
            return;
        }
        int more = Math.max(0, count - from);
        long start = System.nanoTime();
        if (more > 0) {
            AtomicInteger done = new AtomicInteger();
            Progress.say(scenario, "provisioning " + more + " agents, " + options.provisionConcurrency + " at a time");
            List<Bounded.Outcome<Agent>> outcomes;
            try (Progress progress = Progress.every(scenario, Duration.ofSeconds(5), () -> "provisioned " + done.get() + "/" + more)) {
                outcomes = Bounded.run(more, options.provisionConcurrency, n -> createAgent(from + n, ready), done);
            }
            agents.addAll(Bounded.valuesOrThrow(outcomes, "agent creations"));
        }
        int takenOver = takeOver ? Math.min(from, count) : 0;
        if (ready && takenOver > 0) {
            List<Agent> earlier = List.copyOf(agents.subList(0, takenOver));
            Bounded.valuesOrThrow(Bounded.run(takenOver, 20, n -> JsonHttp.expect(instances.get(earlier.get(n).instance()).put("/api/me/presence",
                    earlier.get(n).token(), new JsonObject().put("status", "READY")), 200, "presence of " + earlier.get(n).username()),
                    new AtomicInteger()), "presence changes");
        }
        if (inQueue) {
            List<Agent> members = sharing ? agents.subList(0, count) : agents;
            if (members.size() > 1000) {
                throw new IllegalArgumentException("a queue holds at most 1000 members (PUT /api/queues/{id}/members)");
            }
            JsonArray ids = new JsonArray(members.stream().map(Agent::id).map(Object.class::cast).toList());
            call(instances.get(0).put("/api/queues/" + queueId + "/members", adminToken, new JsonObject().put("agentIds", ids)),
                    200, "set queue members");
        }
        long nanos = System.nanoTime() - start;
        provisioning.put("agents provisioned", (long) more);
        if (takenOver > 0) {
            provisioning.put("agents taken over from earlier scenarios", (long) takenOver);
        }
        provisioning.put("provisioning time (s)", seconds(nanos));
        if (more > 0) {
            provisioning.put("provisioning per agent (ms)", Math.round(nanos / 1e4 / more) / 100.0);
        }
        Progress.say(scenario, more + " agents provisioned" + (takenOver > 0 ? ", " + takenOver + " taken over" : "")
                + " in " + seconds(nanos) + " s");
    }

    private Future<Agent> createAgent(int index, boolean ready) {
        String username = run + "-a" + index;
        JsonHttp http = instanceFor(index);
        JsonObject body = new JsonObject().put("username", username).put("password", PASSWORD)
                .put("displayName", "Load agent " + index).put("role", "AGENT");
        return JsonHttp.expect(instances.get(0).post("/api/agents", adminToken, body), 201, "create agent " + username)
                .compose(agent -> JsonHttp.expect(http.post("/api/auth/token", null,
                                new JsonObject().put("username", username).put("password", PASSWORD)), 200, "login " + username)
                        .map(login -> new Agent(index, agent.getString("id"), username, login.getString("accessToken"), index % instances.size())))
                .compose(agent -> !ready ? Future.succeededFuture(agent)
                        : JsonHttp.expect(http.put("/api/me/presence", agent.token(), new JsonObject().put("status", "READY")),
                        200, "presence of " + username).map(agent));
    }

    @Override
    public List<SocketSpec> listeners(int count, boolean inQueue) {
        provision(count, inQueue, false);
        List<SocketSpec> specs = new ArrayList<>(count);
        for (Agent agent : List.copyOf(agents.subList(0, count))) {
            specs.add(new SocketSpec(inboxUrl(agent.instance()), agent.token()));
        }
        return specs;
    }

    /** Sockets of the workspace's admin, who sees every conversation as a supervisor does (R4), spread over the instances. */
    public List<SocketSpec> supervisorListeners(int count) {
        List<SocketSpec> specs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            specs.add(new SocketSpec(inboxUrl(i % instances.size()), adminToken));
        }
        return specs;
    }

    private URI inboxUrl(int instance) {
        URI base = instances.get(instance).base();
        return URI.create("ws://" + base.getHost() + ":" + port(base) + base.getRawPath() + "/ws/inbox");
    }

    /** A Vonage inbound SMS webhook, shaped as Vonage sends it, to the run's sender. */
    @Override
    public Future<ApiResponse> inbound(int sequence, String contact, String text) {
        JsonObject body = new JsonObject()
                .put("message_uuid", UUID.randomUUID().toString())
                .put("from", contact)
                .put("to", senderNumber)
                .put("channel", "sms")
                .put("message_type", "text")
                .put("text", text)
                .put("timestamp", Instant.now().toString());
        return instanceFor(sequence).post("/webhooks/vonage/inbound", null, body);
    }

    @Override
    public boolean accepted(ApiResponse reply) {
        return reply.status() == 200 && "stored".equals(reply.json().getString("result"));
    }

    /** {@code POST /api/conversations/{id}/claim} as the agent, on the agent's instance. */
    public Future<ApiResponse> claim(Agent agent, String conversationId) {
        return instances.get(agent.instance()).post("/api/conversations/" + conversationId + "/claim", agent.token(), null);
    }

    /** Gives the run's sender a daily limit (R9), so every send counts against it. */
    public void limitSender(int dailyLimit) {
        Await.result(JsonHttp.expect(instances.get(0).put("/api/senders/" + senderId, adminToken,
                new JsonObject().put("dailyLimit", dailyLimit)), 200, "PUT /api/senders/{id}"), SETUP_TIMEOUT);
    }

    /** {@code POST /api/conversations/{id}/messages} as the agent, on the agent's instance: 202 with the QUEUED message. */
    public Future<ApiResponse> send(Agent agent, String conversationId, String text) {
        return instances.get(agent.instance()).post("/api/conversations/" + conversationId + "/messages", agent.token(),
                new JsonObject().put("text", text));
    }

    @Override
    public List<Long> serverPids() {
        if (pids == null) {
            if (options.serverPids != null && !options.serverPids.isEmpty()) {
                pids = List.copyOf(options.serverPids);
            } else {
                pids = instances.stream().map(i -> ServerProcess.listeningOn(port(i.base())))
                        .flatMap(java.util.Optional::stream).toList();
                if (pids.size() < instances.size()) {
                    Progress.say(scenario, "server PID not found for every instance (pass --server-pid): RSS and CPU figures left out");
                    pids = List.of();
                }
            }
        }
        return pids;
    }

    /** The sum over the instances of the switchboard_websocket_connections gauge of /q/metrics. */
    @Override
    public long serverConnections() {
        long sum = 0;
        for (JsonHttp instance : instances) {
            try {
                ApiResponse reply = Await.result(instance.get("/q/metrics", null), Duration.ofSeconds(30));
                boolean found = false;
                for (String line : reply.body().toString().split("\n")) {
                    if (line.startsWith("switchboard_websocket_connections")) {
                        sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                        found = true;
                    }
                }
                if (!found) {
                    return -1;
                }
            } catch (RuntimeException e) {
                return -1;
            }
        }
        return sum;
    }

    @Override
    public Map<String, Object> provisioningFigures() {
        return Collections.unmodifiableMap(provisioning);
    }

    @Override
    public String label() {
        return "switchboard x" + instances.size();
    }

    @Override
    public String note() {
        return "Workspace `" + workspaceName + "`";
    }

    /** The scenario's agents: every agent, or in a shared workspace the first ones it asked for. */
    public List<Agent> agents() {
        return List.copyOf(agents.subList(0, Math.min(inUse, agents.size())));
    }

    public int instanceCount() {
        return instances.size();
    }

    public JsonHttp instance(int index) {
        return instances.get(index);
    }

    public String adminToken() {
        return adminToken;
    }

    public String queueId() {
        return queueId;
    }

    public String senderId() {
        return senderId;
    }

    public String senderNumber() {
        return senderNumber;
    }

    @Override
    public void close() {
        instances.forEach(JsonHttp::close);
    }

    private JsonHttp instanceFor(int sequence) {
        return instances.get(Math.floorMod(sequence, instances.size()));
    }

    private static String login(JsonHttp http, String username, String password) {
        return call(http.post("/api/auth/token", null, new JsonObject().put("username", username).put("password", password)),
                200, "login " + username).getString("accessToken");
    }

    private static JsonObject call(Future<ApiResponse> request, int status, String what) {
        return Await.result(JsonHttp.expect(request, status, what), SETUP_TIMEOUT);
    }

    private static int port(URI base) {
        return base.getPort() > 0 ? base.getPort() : 80;
    }

    private static double seconds(long nanos) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.1f", nanos / 1e9));
    }
}
