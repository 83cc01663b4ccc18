package io.switchboard.events;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.common.RedisKeys;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * R14's bell recount in Redis, on a queue larger than one Lua {@code unpack} can take: every
 * member counted, the counts told once, only a moved count told again. On its own workspace's keys.
 */
@QuarkusTest
class RecountTest {

    /** Runs the recount and answers [counts, changed, any] as maps and a flag. */
    private static final String RUN = Recount.LUA_RECOUNT + """
            local counts, changed, any = recount(ARGV[1], KEYS[1], ARGV[2], ARGV[3])
            local c, ch = {}, {}
            for agent, count in pairs(counts) do c[#c + 1] = agent; c[#c + 1] = count end
            for agent, count in pairs(changed) do ch[#ch + 1] = agent; ch[#ch + 1] = count end
            return {c, ch, any and 1 or 0}""";

    /** More than the 8,000 values one Lua unpack takes. */
    /** Makes ARGV[3..] members of queue ARGV[2], as the bell's rebuild does. */
    private static final String JOIN = """
            for i = 3, #ARGV do
              redis.call('SADD', KEYS[1], ARGV[i])
              redis.call('SADD', ARGV[1] .. 'a:' .. ARGV[i] .. ':queues', ARGV[2])
            end""";

    private static final int MEMBERS = 9_000;

    @Inject
    ReactiveRedisDataSource redis;

    private final UUID workspace = UUID.randomUUID();
    private final UUID queue = UUID.randomUUID();
    private final List<String> members = new ArrayList<>();

    /** Deletes the workspace's keys this test wrote: the shared Redis keeps other tests' state. */
    @AfterEach
    void forget() {
        List<String> keys = new ArrayList<>(List.of(RedisKeys.queueMembers(workspace, queue), RedisKeys.waiting(workspace, queue),
                RedisKeys.bellPushed(workspace)));
        members.forEach(agent -> {
            keys.add(RedisKeys.queuesOf(workspace, UUID.fromString(agent)));
            keys.add(RedisKeys.unread(workspace, UUID.fromString(agent)));
        });
        List<String> args = new ArrayList<>(List.of("for i = 1, #KEYS do redis.call('DEL', KEYS[i]) end", String.valueOf(keys.size())));
        args.addAll(keys);
        redis("EVAL", args.toArray(String[]::new));
    }

    @Test
    void everyMemberOfALargeQueueIsCountedAndOnlyMovedCountsAreToldAgain() {
        for (int i = 0; i < MEMBERS; i++) {
            members.add(UUID.randomUUID().toString());
        }
        List<String> join = new ArrayList<>(List.of(JOIN, "1", RedisKeys.queueMembers(workspace, queue), RedisKeys.workspace(workspace),
                queue.toString()));
        join.addAll(members);
        redis("EVAL", join.toArray(String[]::new));
        redis("ZADD", RedisKeys.waiting(workspace, queue), "100", "w1", "200", "w2", "300", "w3");
        String owner = members.get(MEMBERS - 1);
        redis("SADD", RedisKeys.unread(workspace, UUID.fromString(owner)), "c1", "c2");

        // Alerts scored at least 200 still wait: two for every member, two more unread for the owner.
        Response first = recount("q:" + queue);
        Map<String, Integer> counts = map(first.get(0));
        assertEquals(MEMBERS, counts.size());
        members.forEach(agent -> assertEquals(agent.equals(owner) ? 4 : 2, counts.get(agent)));
        assertEquals(counts, map(first.get(1)), "every first non-zero count is told");

        Response again = recount("q:" + queue);
        assertEquals(0, map(again.get(1)).size(), "nothing moved, nothing told");
        assertEquals(0, again.get(2).toInteger());

        redis("SREM", RedisKeys.unread(workspace, UUID.fromString(owner)), "c1");
        Response moved = recount("q:" + queue);
        assertEquals(Map.of(owner, 3), map(moved.get(1)));
        assertEquals(1, moved.get(2).toInteger());
    }

    private Response recount(String tokens) {
        return redis("EVAL", RUN, "1", RedisKeys.bellPushed(workspace), RedisKeys.workspace(workspace), "200", tokens);
    }

    private Response redis(String command, String... args) {
        return redis.execute(command, args).await().indefinitely();
    }

    private static Map<String, Integer> map(Response flat) {
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < flat.size(); i += 2) {
            map.put(flat.get(i).toString(), flat.get(i + 1).toInteger());
        }
        return map;
    }
}
