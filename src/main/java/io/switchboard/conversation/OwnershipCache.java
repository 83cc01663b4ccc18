package io.switchboard.conversation;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * The claim's fast path (R4): each conversation's owner in Redis, changed only by atomic Lua
 * compare-and-set, so any number of simultaneous claims on any number of instances see exactly
 * one winner without asking PostgreSQL. PostgreSQL stays the truth; {@link #repair} copies it back
 * whenever the two disagree (Redis flushed, failed over, or a claim lost in PostgreSQL).
 */
@ApplicationScoped
public class OwnershipCache {

    /** Marks a closed conversation: nobody can claim it any more. */
    static final String CLOSED = "CLOSED";
    private static final String TTL_SECONDS = String.valueOf(30 * 24 * 3600);

    /** Sets the owner if there is none; answers the owner after the call. */
    private static final String CLAIM = """
            local current = redis.call('GET', KEYS[1])
            if not current then
              redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
              return ARGV[1]
            end
            return current""";

    /** Moves ownership from the expected owner ('' = none) to a new one ('' = none); answers 1 on success. */
    private static final String TRANSFER = """
            local current = redis.call('GET', KEYS[1])
            if current == 'CLOSED' then return 0 end
            if current and current ~= ARGV[1] then return 0 end
            if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) end
            return 1""";

    /** Gives up a claim only if it is still this agent's (a claimant who failed a later check). */
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";

    private final ReactiveRedisDataSource redis;

    public OwnershipCache(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    static String key(UUID workspaceId, UUID conversationId) {
        return "sb:{" + workspaceId + "}:owner:" + conversationId;
    }

    /** Tries to become the owner; answers who owns it now (the claimant if it won, or CLOSED). */
    public Uni<String> claim(UUID workspaceId, UUID conversationId, UUID agentId) {
        return redis.execute("EVAL", CLAIM, "1", key(workspaceId, conversationId), agentId.toString(), TTL_SECONDS)
                .map(reply -> reply.toString());
    }

    public Uni<Boolean> transfer(UUID workspaceId, UUID conversationId, UUID expectedOwner, UUID newOwner) {
        return redis.execute("EVAL", TRANSFER, "1", key(workspaceId, conversationId),
                        expectedOwner == null ? "" : expectedOwner.toString(),
                        newOwner == null ? "" : newOwner.toString(), TTL_SECONDS)
                .map(reply -> reply.toInteger() == 1);
    }

    public Uni<Void> release(UUID workspaceId, UUID conversationId, UUID agentId) {
        return redis.execute("EVAL", RELEASE, "1", key(workspaceId, conversationId), agentId.toString()).replaceWithVoid();
    }

    /** Writes PostgreSQL's truth back: the owner, none, or closed. */
    public Uni<Void> repair(Conversation truth) {
        String key = key(truth.workspaceId, truth.id);
        if (truth.isClosed()) {
            return redis.execute("SET", key, CLOSED, "EX", String.valueOf(24 * 3600)).replaceWithVoid();
        }
        if (truth.ownerId == null) {
            return redis.execute("DEL", key).replaceWithVoid();
        }
        return redis.execute("SET", key, truth.ownerId.toString(), "EX", TTL_SECONDS).replaceWithVoid();
    }
}
