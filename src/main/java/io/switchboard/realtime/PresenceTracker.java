package io.switchboard.realtime;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.switchboard.auth.Caller;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.workspace.AgentService;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * R21: an agent whose last inbox socket closes, on whichever instance, turns OFFLINE after a grace
 * period unless they reconnect meanwhile. Open sockets are counted per agent in Redis, so a
 * reconnect to another instance keeps them present.
 */
@ApplicationScoped
public class PresenceTracker {

    private final ReactiveRedisDataSource redis;
    private final AgentService agents;
    private final Vertx vertx;
    private final long graceMillis;

    public PresenceTracker(ReactiveRedisDataSource redis, AgentService agents, Vertx vertx, SwitchboardConfig config) {
        this.redis = redis;
        this.agents = agents;
        this.vertx = vertx;
        this.graceMillis = config.presence().offlineGrace().toMillis();
    }

    private static String key(UUID workspaceId) {
        return "sb:{" + workspaceId + "}:sockets";
    }

    void connected(Caller caller) {
        redis.execute("HINCRBY", key(caller.workspaceId()), caller.agentId().toString(), "1")
                .subscribe().with(count -> { }, failure -> Log.warnf("Could not count a socket: %s", failure.toString()));
    }

    void disconnected(Caller caller) {
        String key = key(caller.workspaceId());
        String agent = caller.agentId().toString();
        redis.execute("HINCRBY", key, agent, "-1").subscribe().with(count -> {
            if (count.toLong() <= 0) {
                vertx.setTimer(Math.max(1, graceMillis), id -> stillGone(caller, key, agent));
            }
        }, failure -> Log.warnf("Could not count a socket: %s", failure.toString()));
    }

    private void stillGone(Caller caller, String key, String agent) {
        redis.execute("HGET", key, agent)
                .chain(count -> count == null || count.toLong() <= 0
                        ? agents.markOffline(caller.workspaceId(), caller.agentId())
                        : io.smallrye.mutiny.Uni.createFrom().voidItem())
                .subscribe().with(done -> { }, failure -> Log.warnf("Could not mark %s offline: %s", agent, failure.toString()));
    }
}
