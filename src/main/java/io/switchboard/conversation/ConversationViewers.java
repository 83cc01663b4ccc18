package io.switchboard.conversation;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.RedisKeys;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * R25: who is viewing a conversation now and whether they are typing a reply or a note. Ephemeral:
 * one sorted set per conversation in Redis ({@code sb:{ws}:viewers:<id>}), a member per viewer
 * ({@code agent|typing|displayName}) scored by when it lapses ({@link #TTL_MILLIS} after the
 * viewer's last frame; clients repeat theirs more often), never written to PostgreSQL or the stream.
 */
@ApplicationScoped
public class ConversationViewers {

    /** A viewer who sends nothing for this long is gone (R25: within 30 s of a client vanishing). */
    public static final long TTL_MILLIS = 20_000;

    /** What a viewer is doing: viewing only, or typing a reply or a note. */
    public enum Activity { VIEWING, REPLY, NOTE }

    public record Viewer(UUID agentId, String displayName, String typing) {
    }

    /**
     * KEYS: viewers. ARGV: agent, member to add ('' to leave), now ms, lapse ms, key ttl ms.
     * Drops lapsed members and the agent's old one, adds the new; answers 1 or 0 (the set of members
     * changed) followed by the members now.
     */
    private static final String UPDATE = """
            local before = redis.call('ZRANGE', KEYS[1], 0, -1)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
            local prefix = ARGV[1] .. '|'
            for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
              if string.sub(member, 1, #prefix) == prefix and member ~= ARGV[2] then redis.call('ZREM', KEYS[1], member) end
            end
            if ARGV[2] ~= '' then
              redis.call('ZADD', KEYS[1], ARGV[4], ARGV[2])
              redis.call('PEXPIRE', KEYS[1], ARGV[5])
            end
            local after = redis.call('ZRANGE', KEYS[1], 0, -1)
            local changed = #before ~= #after
            if not changed then
              table.sort(before)
              local sorted = {unpack(after)}
              table.sort(sorted)
              for i = 1, #before do if before[i] ~= sorted[i] then changed = true break end end
            end
            local reply = {changed and 1 or 0}
            for _, member in ipairs(after) do table.insert(reply, member) end
            return reply""";

    private final ReactiveRedisDataSource redis;

    public ConversationViewers(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /**
     * Records what the agent does in the conversation ({@code null}: they left it); answers the
     * viewers when that changed who is there or who types, empty when nothing changed.
     */
    public Uni<Optional<List<Viewer>>> update(UUID workspaceId, UUID conversationId, UUID agentId, String displayName,
                                              Activity activity) {
        long now = System.currentTimeMillis();
        String member = activity == null ? "" : agentId + "|" + typing(activity) + "|" + displayName;
        return redis.execute("EVAL", UPDATE, "1", RedisKeys.viewers(workspaceId, conversationId), agentId.toString(), member,
                        String.valueOf(now), String.valueOf(now + TTL_MILLIS), String.valueOf(2 * TTL_MILLIS))
                .map(reply -> reply.get(0).toInteger() == 1 ? Optional.of(viewers(reply, 1)) : Optional.empty());
    }

    /** Who is there now. */
    public Uni<List<Viewer>> of(UUID workspaceId, UUID conversationId) {
        return redis.execute("ZRANGEBYSCORE", RedisKeys.viewers(workspaceId, conversationId),
                        String.valueOf(System.currentTimeMillis()), "+inf")
                .map(reply -> viewers(reply, 0));
    }

    private static String typing(Activity activity) {
        return activity == Activity.VIEWING ? "-" : activity.name().toLowerCase(Locale.ROOT);
    }

    private static List<Viewer> viewers(Response reply, int from) {
        List<Viewer> viewers = new ArrayList<>();
        for (int i = from; i < reply.size(); i++) {
            String[] parts = reply.get(i).toString().split("\\|", 3);
            viewers.add(new Viewer(UUID.fromString(parts[0]), parts.length > 2 ? parts[2] : "", "-".equals(parts[1]) ? null : parts[1]));
        }
        return viewers;
    }
}
