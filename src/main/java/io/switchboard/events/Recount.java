package io.switchboard.events;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Whose bell (R14) a change may have moved: agents by id, and every member of the given queues.
 * Their new counts are computed in Redis in the same script that appends the change's event, and
 * travel in that event's frame ({@code data.bell}), so counts and events keep one order.
 */
public record Recount(Set<UUID> agents, Set<UUID> queues) {

    public static final Recount NONE = new Recount(Set.of(), Set.of());

    public Recount {
        agents = Set.copyOf(agents);
        queues = Set.copyOf(queues);
    }

    public static Recount agents(UUID... ids) {
        return new Recount(Set.of(ids), Set.of());
    }

    public static Recount agents(Collection<UUID> ids) {
        return new Recount(Set.copyOf(ids), Set.of());
    }

    public static Recount queueAnd(UUID queueId, UUID... agentIds) {
        return new Recount(Set.of(agentIds), Set.of(queueId));
    }

    public boolean isEmpty() {
        return agents.isEmpty() && queues.isEmpty();
    }

    public Recount plus(Recount other) {
        if (other.isEmpty()) {
            return this;
        }
        Set<UUID> a = new LinkedHashSet<>(agents);
        a.addAll(other.agents);
        Set<UUID> q = new LinkedHashSet<>(queues);
        q.addAll(other.queues);
        return new Recount(a, q);
    }

    /** The script's argument: agent ids and {@code q:<queue>} tokens, comma-separated. */
    String tokens() {
        List<String> tokens = new ArrayList<>();
        agents.forEach(agent -> tokens.add(agent.toString()));
        queues.forEach(queue -> tokens.add("q:" + queue));
        return String.join(",", tokens);
    }

    /**
     * Lua: recounts the bells named by a token string and records the new counts as pushed.
     * bell(agent) = its unread owned conversations + conversations waiting (younger than the alert
     * TTL, i.e. scored at least {@code min}) in its queues. Answers every count, the changed ones
     * (a first count of zero tells nobody anything) and whether any changed. The keys it reads
     * follow common.RedisKeys and carry the workspace's hash tag like the declared ones.
     */
    static final String LUA_RECOUNT = """
            local function recount(prefix, pushed, min, tokens)
              local agents, seen = {}, {}
              for token in string.gmatch(tokens, '[^,]+') do
                local ids = {token}
                if string.sub(token, 1, 2) == 'q:' then ids = redis.call('SMEMBERS', prefix .. token .. ':members') end
                for _, id in ipairs(ids) do
                  if not seen[id] then seen[id] = true; agents[#agents + 1] = id end
                end
              end
              -- One HMGET and one HSET for all agents, and each queue's waiting count read once: a
              -- queue's new conversation moves every member's bell, and a call per member and queue
              -- cost Redis about a millisecond per event with 200 members. In chunks, as unpack is bounded.
              local last = {}
              for i = 1, #agents, 1000 do
                local part = redis.call('HMGET', pushed, unpack(agents, i, math.min(i + 999, #agents)))
                for j = 1, #part do last[i + j - 1] = part[j] end
              end
              local waiting, counts, changed, any, updates = {}, {}, {}, false, {}
              for i, agent in ipairs(agents) do
                local count = redis.call('SCARD', prefix .. 'a:' .. agent .. ':unread')
                for _, q in ipairs(redis.call('SMEMBERS', prefix .. 'a:' .. agent .. ':queues')) do
                  if not waiting[q] then waiting[q] = redis.call('ZCOUNT', prefix .. 'q:' .. q .. ':waiting', min, '+inf') end
                  count = count + waiting[q]
                end
                counts[agent] = count
                if last[i] ~= tostring(count) then
                  updates[#updates + 1] = agent
                  updates[#updates + 1] = count
                  if last[i] or count > 0 then
                    changed[agent] = count
                    any = true
                  end
                end
              end
              for i = 1, #updates, 2000 do
                redis.call('HSET', pushed, unpack(updates, i, math.min(i + 1999, #updates)))
              end
              return counts, changed, any
            end
            """;
}
