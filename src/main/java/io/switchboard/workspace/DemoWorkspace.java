package io.switchboard.workspace;

import io.switchboard.auth.Role;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Passwords;
import io.switchboard.channel.Channel;
import io.switchboard.common.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Seeds the first workspace for a newcomer (switchboard.demo.seed, on in dev): a supervisor, three
 * agents in a "Support" queue and an SMS sender, so the README's tour works at once.
 */
@ApplicationScoped
public class DemoWorkspace {

    public static final String SENDER_NUMBER = "15550100001";
    private static final String SUPERVISOR = "supervisor";
    private static final List<String> AGENTS = List.of("agent1", "agent2", "agent3");
    private static final String AGENT_PASSWORD = "agent";

    private final Passwords passwords;
    private final SwitchboardConfig config;

    public DemoWorkspace(Passwords passwords, SwitchboardConfig config) {
        this.passwords = passwords;
        this.config = config;
    }

    public Uni<Void> seed(UUID workspaceId) {
        return Panache.withSession(() -> Agent.count("username", SUPERVISOR)).chain(existing -> existing > 0
                ? Uni.createFrom().voidItem()
                : Uni.combine().all().unis(passwords.hash(SUPERVISOR), passwords.hash(AGENT_PASSWORD)).asTuple()
                        .chain(hashes -> Panache.withTransaction(() -> insert(workspaceId, hashes.getItem1(), hashes.getItem2())))
                        .invoke(() -> Log.info("Demo workspace seeded")))
                .invoke(this::printHint);
    }

    private Uni<Void> insert(UUID workspaceId, String supervisorHash, String agentHash) {
        InboxQueue queue = InboxQueue.create(workspaceId, "Support");
        Sender sender = new Sender();
        sender.id = UUID.randomUUID();
        sender.workspaceId = workspaceId;
        sender.queueId = queue.id;
        sender.number = SENDER_NUMBER;
        sender.channel = Channel.SMS;
        sender.country = "US";
        sender.timeZone = "UTC";
        sender.createdAt = Instant.now();
        Agent supervisor = Agent.create(workspaceId, SUPERVISOR, supervisorHash, "Sam Supervisor", Role.SUPERVISOR);
        List<Agent> agents = AGENTS.stream()
                .map(name -> Agent.create(workspaceId, name, agentHash, "Agent " + name.substring(5), Role.AGENT))
                .toList();
        return queue.persist()
                .chain(sender::persist)
                .chain(supervisor::persist)
                .chain(() -> Multi.createFrom().iterable(agents)
                        .onItem().transformToUniAndConcatenate(agent -> agent.persist()
                                .chain(() -> QueueMember.of(queue.id, agent.id).persist()))
                        .collect().last())
                .replaceWithVoid();
    }

    private void printHint() {
        String admin = config.bootstrap().adminUsername();
        Log.infof("""

                ==== Switchboard demo workspace ====
                  users: %s/%s (admin), supervisor/supervisor, agent1|agent2|agent3 / agent
                  queue "Support", SMS sender %s
                  log in:   curl -s localhost:8080/api/auth/token -H 'Content-Type: application/json' -d '{"username":"agent1","password":"agent"}'
                  stream:   websocat "ws://localhost:8080/ws/inbox?access_token=<accessToken>"
                  API docs: http://localhost:8080/q/swagger-ui
                """, admin, config.bootstrap().adminPassword().orElse("<your password>"), SENDER_NUMBER);
    }
}
