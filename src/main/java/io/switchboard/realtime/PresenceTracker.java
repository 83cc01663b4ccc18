package io.switchboard.realtime;

import io.switchboard.common.RedisKeys;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.common.FreshContext;
import io.switchboard.common.Repeat;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.workspace.AgentService;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * R21: an agent whose last inbox socket closes, on whichever instance, turns OFFLINE after a grace
 * period unless they reconnect meanwhile. Each instance counts its own sockets per agent in Redis
 * ({@code sb:{ws}:sockets:<agent>}, a field per instance) and proves it is alive with a heartbeat
 * key that expires; every heartbeat writes its counts again, so Redis losing them heals within one
 * beat. An instance that dies (kill -9, a lost node) stops counting once its heartbeat lapses: a
 * live instance then reaps it and turns its agents OFFLINE unless they have sockets elsewhere.
 */
@ApplicationScoped
public class PresenceTracker {

    private final ReactiveRedisDataSource redis;
    private final AgentService agents;
    private final Vertx vertx;
    private final long graceMillis;
    private final long heartbeatMillis;
    private final String instanceId = UUID.randomUUID().toString();
    /** This instance's open sockets per agent. */
    private final Map<AgentRef, Integer> local = new ConcurrentHashMap<>();
    private volatile boolean running;

    private record AgentRef(UUID workspaceId, UUID agentId) {
        static AgentRef of(Caller caller) {
            return new AgentRef(caller.workspaceId(), caller.agentId());
        }
    }

    public PresenceTracker(ReactiveRedisDataSource redis, AgentService agents, Vertx vertx, SwitchboardConfig config) {
        this.redis = redis;
        this.agents = agents;
        this.vertx = vertx;
        this.graceMillis = config.presence().offlineGrace().toMillis();
        this.heartbeatMillis = config.presence().heartbeat().toMillis();
    }

    private static String socketsKey(UUID workspaceId, UUID agentId) {
        return RedisKeys.sockets(workspaceId, agentId);
    }

    private static String aliveKey(String instance) {
        return RedisKeys.instanceAlive(instance);
    }

    private static String agentsKey(String instance) {
        return RedisKeys.instanceAgents(instance);
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        Repeat.every(vertx, heartbeatMillis, () -> running, "Presence heartbeat", () -> heartbeat().chain(this::reapDead));
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
    }

    void connected(Caller caller) {
        int count = local.merge(AgentRef.of(caller), 1, Integer::sum);
        write(AgentRef.of(caller), count).subscribe().with(done -> { }, failure -> Log.warnf("Could not count a socket: %s", failure.toString()));
    }

    void disconnected(Caller caller) {
        Integer left = local.computeIfPresent(AgentRef.of(caller), (key, count) -> count > 1 ? count - 1 : null);
        write(AgentRef.of(caller), left == null ? 0 : left).subscribe().with(done -> {
            if (left == null) {
                vertx.setTimer(Math.max(1, graceMillis), id -> offlineUnlessConnected(AgentRef.of(caller))
                        .subscribe().with(x -> { }, failure -> Log.warnf("Could not mark %s offline: %s", caller.agentId(), failure.toString())));
            }
        }, failure -> Log.warnf("Could not count a socket: %s", failure.toString()));
    }

    private Uni<Void> write(AgentRef agent, int count) {
        String key = socketsKey(agent.workspaceId(), agent.agentId());
        if (count <= 0) {
            return redis.execute("HDEL", key, instanceId).replaceWithVoid();
        }
        return redis.execute("HSET", key, instanceId, String.valueOf(count))
                .chain(() -> redis.execute("SADD", agentsKey(instanceId), agent.workspaceId() + "/" + agent.agentId()))
                .replaceWithVoid();
    }

    /** Marks the agent OFFLINE when no live instance counts a socket of theirs. */
    private Uni<Void> offlineUnlessConnected(AgentRef agent) {
        return liveSockets(agent).chain(sockets -> sockets > 0 ? Uni.createFrom().voidItem()
                : FreshContext.run(vertx.getDelegate(), () -> agents.markOffline(agent.workspaceId(), agent.agentId())));
    }

    /** The user's inbox sockets open now on live instances. */
    Uni<Long> openSockets(Caller caller) {
        return liveSockets(AgentRef.of(caller));
    }

    private Uni<Long> liveSockets(AgentRef agent) {
        return redis.hash(String.class).hgetall(socketsKey(agent.workspaceId(), agent.agentId())).chain(counts -> {
            Uni<Long> total = Uni.createFrom().item(0L);
            for (Map.Entry<String, String> field : counts.entrySet()) {
                total = total.chain(sum -> redis.execute("EXISTS", aliveKey(field.getKey()))
                        .map(alive -> alive.toInteger() == 1 ? sum + Long.parseLong(field.getValue()) : sum));
            }
            return total;
        });
    }

    /** Proves this instance alive and writes its counts again (they may have been lost with Redis). */
    private Uni<Void> heartbeat() {
        String ttl = String.valueOf(Math.max(1, heartbeatMillis * 3));
        return redis.execute("SET", aliveKey(instanceId), "1", "PX", ttl)
                .chain(() -> redis.execute("SADD", RedisKeys.INSTANCES, instanceId))
                .chain(() -> Multi.createFrom().iterable(List.copyOf(local.entrySet()))
                        .onItem().transformToUniAndConcatenate(entry -> write(entry.getKey(), entry.getValue()))
                        .collect().last())
                .replaceWithVoid();
    }

    /** Instances whose heartbeat lapsed: their sockets stop counting, their agents turn OFFLINE unless connected elsewhere. */
    private Uni<Void> reapDead() {
        return redis.execute("SMEMBERS", RedisKeys.INSTANCES).chain(members -> {
            List<String> instances = new ArrayList<>();
            members.forEach(member -> instances.add(member.toString()));
            return Multi.createFrom().iterable(instances)
                    .onItem().transformToUniAndConcatenate(instance -> redis.execute("EXISTS", aliveKey(instance))
                            .chain(alive -> alive.toInteger() == 1 ? Uni.createFrom().voidItem()
                                    // Only one live instance reaps each dead one.
                                    : redis.execute("SET", RedisKeys.instanceReaping(instance), instanceId, "NX", "EX", "60")
                                    .chain(won -> won == null ? Uni.createFrom().voidItem() : reap(instance))))
                    .collect().last().replaceWithVoid();
        });
    }

    private Uni<Void> reap(String dead) {
        return redis.execute("SMEMBERS", agentsKey(dead)).chain(members -> {
            List<AgentRef> agentsOfDead = new ArrayList<>();
            members.forEach(member -> {
                String[] parts = member.toString().split("/");
                agentsOfDead.add(new AgentRef(UUID.fromString(parts[0]), UUID.fromString(parts[1])));
            });
            Log.infof("Instance %s stopped its heartbeat: its sockets of %d agents no longer count", dead, agentsOfDead.size());
            return Multi.createFrom().iterable(agentsOfDead)
                    .onItem().transformToUniAndConcatenate(agent -> redis.execute("HDEL",
                                    socketsKey(agent.workspaceId(), agent.agentId()), dead)
                            .chain(() -> offlineUnlessConnected(agent)))
                    .collect().last();
        }).chain(() -> redis.execute("DEL", agentsKey(dead)))
                .chain(() -> redis.execute("SREM", RedisKeys.INSTANCES, dead))
                .replaceWithVoid();
    }
}
