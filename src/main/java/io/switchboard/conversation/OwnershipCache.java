package io.switchboard.conversation;

import io.switchboard.common.EventLoopRedis;
import io.switchboard.common.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.workspace.ClaimEligibility;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * The claim's fast path (R4, R5): each conversation's queue, owner and state in Redis
 * ({@code sb:{ws}:conv:<id>}), and a short-lived hold ({@code sb:{ws}:hold:<id>}) taken by whoever is
 * changing its ownership right now. One Lua script decides a claim: visibility, membership and
 * presence (from {@link ClaimEligibility}), open, unowned and not held; the one caller it lets through
 * holds the conversation while PostgreSQL, the truth, commits; losers are answered from Redis alone.
 * <p>
 * Ownership heals itself: a hold becomes the owner only when PostgreSQL committed and
 * {@link #settle} copied the truth back; a hold whose holder failed or died lapses after
 * {@code switchboard.claims.hold}. Every settle carries the conversation's version, so an older
 * truth never overwrites a newer one, and a missing entry (flush, failover) is loaded from PostgreSQL
 * before any claim is decided.
 */
@ApplicationScoped
public class OwnershipCache {

    private static final String TTL_SECONDS = String.valueOf(30 * 24 * 3600);
    private static final String CLOSED_TTL_SECONDS = String.valueOf(24 * 3600);

    /**
     * KEYS: conversation, hold, eligibility. ARGV: agent, presence field, sees all (1/0), hold ms.
     * Answers one word, or a word and a value separated by a space.
     */
    private static final String CLAIM = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return 'MISSING' end
            if redis.call('HEXISTS', KEYS[3], 'loaded') == 0 then return 'REBUILD' end
            local agent = ARGV[1]
            local queue = redis.call('HGET', KEYS[1], 'q')
            local member = redis.call('HEXISTS', KEYS[3], 'm:' .. queue .. ':' .. agent) == 1
            local owner = redis.call('HGET', KEYS[1], 'o')
            if not member then
              if ARGV[3] == '1' then return 'NOT_MEMBER' end
              if owner == agent then return 'MINE' end
              return 'NOT_VISIBLE'
            end
            if redis.call('HGET', KEYS[1], 's') == 'closed' then return 'CLOSED' end
            if owner == agent then return 'MINE' end
            if owner ~= '' then return 'OWNED ' .. owner end
            local holder = redis.call('GET', KEYS[2])
            if holder then return 'HELD ' .. holder end
            local presence = redis.call('HGET', KEYS[3], ARGV[2]) or '0OFFLINE'
            if string.sub(presence, 1, 1) ~= '1' then return 'NOT_ACCEPTING ' .. string.sub(presence, 2) end
            redis.call('SET', KEYS[2], agent, 'PX', ARGV[4])
            return 'WON'""";

    /** KEYS: hold. ARGV: token, hold ms. Takes the hold for a transfer or close; answers the other holder if any. */
    private static final String HOLD = """
            local holder = redis.call('GET', KEYS[1])
            if holder and holder ~= ARGV[1] then return holder end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return ''""";

    /**
     * KEYS: conversation, hold. ARGV: version, queue, owner ('' none), state, ttl seconds, hold token ('' none).
     * Writes PostgreSQL's truth unless a newer one is there, and gives up the caller's hold.
     */
    private static final String SETTLE = """
            local known = tonumber(redis.call('HGET', KEYS[1], 'v') or '-1')
            if tonumber(ARGV[1]) >= known then
              redis.call('HSET', KEYS[1], 'v', ARGV[1], 'q', ARGV[2], 'o', ARGV[3], 's', ARGV[4])
              redis.call('EXPIRE', KEYS[1], ARGV[5])
            end
            if ARGV[6] ~= '' and redis.call('GET', KEYS[2]) == ARGV[6] then redis.call('DEL', KEYS[2]) end
            return 1""";

    /** KEYS: hold. ARGV: token. Gives up a hold only if it is still the caller's. */
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";

    /** What the claim script decided. {@code value} is the owner, holder or presence where the outcome names one. */
    public record Attempt(Outcome outcome, String value) {
        static Attempt of(String text) {
            int space = text.indexOf(' ');
            return space < 0 ? new Attempt(Outcome.valueOf(text), null)
                    : new Attempt(Outcome.valueOf(text.substring(0, space)), text.substring(space + 1));
        }
    }

    public enum Outcome {
        /** The caller holds the conversation and may now write ownership in PostgreSQL. */
        WON, MINE, OWNED, HELD, CLOSED, NOT_VISIBLE, NOT_MEMBER, NOT_ACCEPTING,
        /** Redis lacks the conversation or the workspace's eligibility: load them, then ask again. */
        MISSING, REBUILD
    }

    private final ReactiveRedisDataSource redis;
    /** Every claim asks Redis, fifty at once in a storm: on the event loop's own connection. */
    private final EventLoopRedis loopRedis;
    private final String holdMillis;

    public OwnershipCache(ReactiveRedisDataSource redis, EventLoopRedis loopRedis, SwitchboardConfig config) {
        this.redis = redis;
        this.loopRedis = loopRedis;
        this.holdMillis = String.valueOf(config.claims().hold().toMillis());
    }

    static String key(UUID workspaceId, UUID conversationId) {
        return RedisKeys.conversation(workspaceId, conversationId);
    }

    static String holdKey(UUID workspaceId, UUID conversationId) {
        return RedisKeys.hold(workspaceId, conversationId);
    }

    /** One claim decision; the caller handles MISSING and REBUILD by loading and asking again. */
    public Uni<Attempt> tryClaim(UUID workspaceId, UUID conversationId, UUID agentId, boolean seesAll) {
        return loopRedis.eval(CLAIM, "3", key(workspaceId, conversationId), holdKey(workspaceId, conversationId),
                        ClaimEligibility.key(workspaceId), agentId.toString(), ClaimEligibility.presenceField(agentId), seesAll ? "1" : "0", holdMillis)
                .map(Attempt::of);
    }

    /** Takes the hold for a transfer or close; answers who else holds it, or null when the caller now does. */
    public Uni<String> hold(UUID workspaceId, UUID conversationId, String token) {
        return redis.execute("EVAL", HOLD, "1", holdKey(workspaceId, conversationId), token, holdMillis)
                .map(reply -> reply.toString().isEmpty() ? null : reply.toString());
    }

    public Uni<Void> release(UUID workspaceId, UUID conversationId, String token) {
        return redis.execute("EVAL", RELEASE, "1", holdKey(workspaceId, conversationId), token).replaceWithVoid();
    }

    /** Writes PostgreSQL's truth back (owner, none, or closed) and gives up the hold {@code token} if given. */
    public Uni<Void> settle(Conversation truth, String token) {
        boolean closed = truth.isClosed();
        return redis.execute("EVAL", SETTLE, "2", key(truth.workspaceId, truth.id), holdKey(truth.workspaceId, truth.id),
                        String.valueOf(truth.version), truth.queueId.toString(),
                        truth.ownerId == null ? "" : truth.ownerId.toString(), closed ? "closed" : "open",
                        closed ? CLOSED_TTL_SECONDS : TTL_SECONDS, token == null ? "" : token)
                .replaceWithVoid();
    }

    /** Writes PostgreSQL's truth back. */
    public Uni<Void> repair(Conversation truth) {
        return settle(truth, null);
    }
}
