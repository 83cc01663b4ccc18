package io.switchboard.events;

import io.switchboard.common.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.redis.datasource.stream.XReadArgs;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import io.switchboard.common.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The per-workspace Redis Stream that carries every live event between instances. The stream id
 * is the event id; keys are hash-tagged by workspace so a Redis Cluster keeps a workspace on one slot.
 */
@ApplicationScoped
public class EventStream {

    /** Field names of a stream entry. */
    public static final String TYPE = "t";
    public static final String TS = "ts";
    public static final String QUEUE = "q";
    public static final String AGENTS = "a";
    public static final String SUPERVISORS = "s";
    public static final String DATA = "d";
    /** The new bell counts of the agents the change moved (agent id → count), when it moved any. */
    public static final String BELL = "b";

    private final ReactiveRedisDataSource redis;
    private final ReactiveStreamCommands<String, String, String> streams;
    private final long maxLength;
    private final Duration alertTtl;

    public EventStream(ReactiveRedisDataSource redis, SwitchboardConfig config) {
        this.redis = redis;
        this.streams = redis.stream(String.class, String.class, String.class);
        this.maxLength = config.events().streamMaxLength();
        this.alertTtl = config.alertTtl();
    }

    /** About how many entries each stream keeps. */
    public long maxLength() {
        return maxLength;
    }

    public static String key(UUID workspaceId) {
        return RedisKeys.events(workspaceId);
    }

    static UUID workspaceOf(String key) {
        return UUID.fromString(key.substring(key.indexOf('{') + 1, key.indexOf('}')));
    }

    /** Appends a snapshot that is not recorded in PostgreSQL (wallboard figures, recomputed anyway). */
    public Uni<StreamId> appendSnapshot(UUID workspaceId, Recorded event) {
        return streams.xadd(key(workspaceId), new XAddArgs().maxlen(maxLength).nearlyExactTrimming(), Map.of(
                        TYPE, event.type(), TS, event.ts(),
                        QUEUE, event.audience().queueId() == null ? "" : event.audience().queueId().toString(), AGENTS, agentsField(event.audience()),
                        SUPERVISORS, event.audience().supervisors() ? "1" : "0", DATA, event.dataJson()))
                .map(StreamId::of);
    }

    /**
     * Appends recorded events in order, each unless it was appended before (its marker key exists),
     * so a relay that dies between the append and forgetting the event cannot append it twice. The
     * marker is set with the entry, so a failure half-way leaves the appended ones marked. An event
     * with a recount carries the new bell counts it caused ({@link #BELL}), computed in the same
     * step so counts reach clients in the order of the changes. Answers "1" first when the bell
     * state is missing (those counts were left out), then the ids.
     * KEYS: stream, bell built marker, pushed counts, then one marker per event;
     * ARGV: marker TTL, max length, key prefix, oldest alert score, then seven fields per event.
     */
    private static final String APPEND_ONCE = Recount.LUA_RECOUNT + """
            local stream, built, pushed = KEYS[1], KEYS[2], KEYS[3]
            local ttl, maxlen, prefix, min = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
            local counted = redis.call('EXISTS', built) == 1
            local result = {'0'}
            for i = 4, #KEYS do
              local id = redis.call('GET', KEYS[i])
              if not id then
                local b = 4 + (i - 4) * 7
                local fields = {'%s', ARGV[b + 1], '%s', ARGV[b + 2], '%s', ARGV[b + 3], '%s', ARGV[b + 4],
                                '%s', ARGV[b + 5], '%s', ARGV[b + 6]}
                if ARGV[b + 7] ~= '' then
                  if counted then
                    local _, changed, any = recount(prefix, pushed, min, ARGV[b + 7])
                    if any then
                      fields[#fields + 1] = '%s'
                      fields[#fields + 1] = cjson.encode(changed)
                    end
                  else
                    result[1] = '1'
                  end
                end
                id = redis.call('XADD', stream, 'MAXLEN', '~', maxlen, '*', unpack(fields))
                redis.call('SET', KEYS[i], id, 'EX', ttl)
              end
              result[#result + 1] = id
            end
            return result""".formatted(TYPE, TS, QUEUE, AGENTS, SUPERVISORS, DATA, BELL);

    /**
     * Recounts bells and, when asked to push, appends one bell.updated entry for the agents whose
     * count changed: for changes that have no event of their own (a flag, an expired alert).
     * KEYS: built marker, stream, pushed counts; ARGV: prefix, max length, ts ('' = do not push),
     * oldest alert score, tokens.
     */
    private static final String APPEND_COUNTS = Recount.LUA_RECOUNT + """
            local built, stream, pushed = KEYS[1], KEYS[2], KEYS[3]
            local prefix, maxlen, ts, min = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
            if redis.call('EXISTS', built) == 0 then return {'REBUILD'} end
            local counts, changed, any = recount(prefix, pushed, min, ARGV[5])
            if any and ts ~= '' then
              local ids = {}
              for agent, _ in pairs(changed) do ids[#ids + 1] = agent end
              redis.call('XADD', stream, 'MAXLEN', '~', maxlen, '*',
                '%s', '%s', '%s', ts, '%s', '', '%s', table.concat(ids, ','), '%s', '0',
                '%s', cjson.encode({counts = changed}))
            end
            local result = {}
            for agent, count in pairs(counts) do result[#result + 1] = agent; result[#result + 1] = count end
            return result""".formatted(TYPE, EventTypes.BELL_UPDATED, TS, QUEUE, AGENTS, SUPERVISORS, DATA);

    /** Markers outlive their pending_event rows, which are deleted right after the append (and the marker with them). */
    private static final String APPENDED_MARKER_TTL_SECONDS = String.valueOf(7 * 24 * 3600);

    /** How long a relay keeps the markers of what it appended: far longer than a committing instance can take between its commit and its append. */
    static final String RELAYED_MARKER_TTL_SECONDS = String.valueOf(3600);

    private static final String EXPIRE_ALL = "for i = 1, #KEYS do redis.call('EXPIRE', KEYS[i], ARGV[1]) end";

    /** One event as recorded with its change, ready to append. */
    public record Recorded(UUID key, String type, String ts, Audience audience, String dataJson) {
    }

    /** What an append did: the events' ids, and whether bell counts were left out because the bell state is missing. */
    public record Appended(List<StreamId> ids, boolean bellStateMissing) {
    }

    /** Appends the workspace's recorded events in order, each at most once. */
    public Uni<Appended> appendOnce(UUID workspaceId, List<Recorded> events) {
        return appendOnce(workspaceId, events, null);
    }

    /** Appends events in order, each at most once, each with the bell counts of its recount ({@code recounts} parallel to events, or null). */
    public Uni<Appended> appendOnce(UUID workspaceId, List<Recorded> events, List<Recount> recounts) {
        List<String> args = new ArrayList<>();
        args.add(APPEND_ONCE);
        args.add(String.valueOf(events.size() + 3));
        args.add(key(workspaceId));
        args.add(RedisKeys.bellBuilt(workspaceId));
        args.add(RedisKeys.bellPushed(workspaceId));
        events.forEach(event -> args.add(appendedKey(workspaceId, event.key())));
        args.add(APPENDED_MARKER_TTL_SECONDS);
        args.add(String.valueOf(maxLength));
        args.add(RedisKeys.workspace(workspaceId));
        args.add(oldestAlertScore());
        for (int i = 0; i < events.size(); i++) {
            Recorded event = events.get(i);
            args.add(event.type());
            args.add(event.ts());
            args.add(event.audience().queueId() == null ? "" : event.audience().queueId().toString());
            args.add(agentsField(event.audience()));
            args.add(event.audience().supervisors() ? "1" : "0");
            args.add(event.dataJson());
            args.add(recounts == null ? "" : recounts.get(i).tokens());
        }
        return redis.execute("EVAL", args.toArray(String[]::new))
                .map(reply -> {
                    List<StreamId> ids = new ArrayList<>();
                    for (int i = 1; i < reply.size(); i++) {
                        ids.add(StreamId.of(reply.get(i).toString()));
                    }
                    return new Appended(ids, "1".equals(reply.get(0).toString()));
                });
    }

    /**
     * Recounts the bells of a change that has no event of its own, and pushes bell.updated to those
     * whose count changed when {@code push}; answers every count, or empty when the workspace's
     * bell state is missing (rebuild it from PostgreSQL, then ask again).
     */
    public Uni<Optional<Map<UUID, Integer>>> appendCounts(UUID workspaceId, Recount recount, boolean push) {
        if (recount.isEmpty()) {
            return Uni.createFrom().item(Optional.of(Map.of()));
        }
        return redis.execute("EVAL", APPEND_COUNTS, "3", RedisKeys.bellBuilt(workspaceId), key(workspaceId),
                        RedisKeys.bellPushed(workspaceId), RedisKeys.workspace(workspaceId), String.valueOf(maxLength),
                        push ? Instant.now().toString() : "", oldestAlertScore(), recount.tokens())
                .map(reply -> {
                    if (reply.size() == 1 && "REBUILD".equals(reply.get(0).toString())) {
                        return Optional.empty();
                    }
                    Map<UUID, Integer> counts = new HashMap<>();
                    for (int i = 0; i + 1 < reply.size(); i += 2) {
                        counts.put(UUID.fromString(reply.get(i).toString()), reply.get(i + 1).toInteger());
                    }
                    return Optional.of(counts);
                });
    }

    /** Waiting conversations older than the alert TTL no longer count. */
    private String oldestAlertScore() {
        return String.valueOf(Instant.now().minus(alertTtl).toEpochMilli());
    }

    static String appendedKey(UUID workspaceId, UUID eventKey) {
        return RedisKeys.appended(workspaceId, eventKey);
    }

    /**
     * Drops the markers of events their committing instance appended itself, once their rows are
     * gone: nothing can append them again.
     */
    public Uni<Void> forgetMarkers(UUID workspaceId, List<UUID> eventKeys) {
        return redis.key(String.class).del(markers(workspaceId, eventKeys)).replaceWithVoid();
    }

    /**
     * Shortens the markers of events a relay appended to {@link #RELAYED_MARKER_TTL_SECONDS}
     * instead of dropping them: the instance that committed such an event may still be about to
     * append it (it was only slow, not dead), and without its marker that late append would repeat
     * the event to every client.
     */
    public Uni<Void> expireRelayedMarkers(UUID workspaceId, List<UUID> eventKeys) {
        List<String> args = new ArrayList<>();
        args.add(EXPIRE_ALL);
        args.add(String.valueOf(eventKeys.size()));
        args.addAll(List.of(markers(workspaceId, eventKeys)));
        args.add(RELAYED_MARKER_TTL_SECONDS);
        return redis.execute("EVAL", args.toArray(String[]::new)).replaceWithVoid();
    }

    private static String[] markers(UUID workspaceId, List<UUID> eventKeys) {
        return eventKeys.stream().map(key -> appendedKey(workspaceId, key)).toArray(String[]::new);
    }

    static String agentsField(Audience audience) {
        return audience.agentIds().stream().map(UUID::toString).collect(Collectors.joining(","));
    }

    /** Up to {@code count} events after {@code after}, oldest first. */
    public Uni<List<StoredEvent>> after(UUID workspaceId, StreamId after, int count) {
        return streams.xrange(key(workspaceId), StreamRange.of("(" + after, "+"), count)
                .map(messages -> messages.stream().map(EventStream::decode).toList());
    }

    /**
     * What a stream can still replay: only after ids it still covers, from its first kept entry to
     * its last. An id before the first entry was trimmed away, or came from a stream that was lost
     * and created anew (its first entry is then newer than anything the client saw): either way
     * events may be missing after it, so the client must resync.
     */
    public record Retention(StreamId lastGenerated, StreamId firstKept) {
        public boolean canReplayAfter(StreamId id) {
            return firstKept != null && !firstKept.isAfter(id) && !id.isAfter(lastGenerated);
        }
    }

    /** The stream's retention (XINFO STREAM, Redis 7), or empty when the stream does not exist. */
    public Uni<Optional<Retention>> retention(UUID workspaceId) {
        return redis.execute("XINFO", "STREAM", key(workspaceId))
                .map(info -> Optional.of(new Retention(
                        StreamId.of(field(info, "last-generated-id")),
                        StreamId.parse(field(info, "recorded-first-entry-id")).orElse(null))))
                .onFailure(failure -> String.valueOf(failure.getMessage()).contains("no such key"))
                .recoverWithItem(Optional.empty());
    }

    /** The newest id in the stream, or 0-0 when it is empty or missing. */
    public Uni<StreamId> lastId(UUID workspaceId) {
        return streams.xrevrange(key(workspaceId), StreamRange.of("+", "-"), 1)
                .map(last -> last.isEmpty() ? StreamId.ZERO : StreamId.of(last.get(0).id()));
    }

    /** Reads one field of a RESP3 map or RESP2 flat key/value reply. */
    private static String field(Response reply, String name) {
        if (!reply.getKeys().isEmpty()) {
            Response value = reply.get(name);
            return value == null ? null : value.toString();
        }
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            if (name.equals(reply.get(i).toString())) {
                Response value = reply.get(i + 1);
                return value == null ? null : value.toString();
            }
        }
        return null;
    }

    /** Blocks up to {@code block} for entries after the given cursors (stream key → last id seen). */
    public Uni<List<StreamMessage<String, String, String>>> read(Map<String, String> cursors, Duration block, int count) {
        return streams.xread(cursors, new XReadArgs().block(block).count(count));
    }

    /** Appends a bare entry to a small stream, used to wake a blocked reader. */
    public Uni<Void> poke(String key) {
        return streams.xadd(key, new XAddArgs().maxlen(10L).nearlyExactTrimming(), Map.of("wake", "1")).replaceWithVoid();
    }

    public static StoredEvent decode(StreamMessage<String, String, String> message) {
        Map<String, String> f = message.payload();
        String queue = f.getOrDefault(QUEUE, "");
        String agents = f.getOrDefault(AGENTS, "");
        Set<UUID> agentIds = agents.isEmpty() ? Set.of()
                : Arrays.stream(agents.split(",")).map(UUID::fromString).collect(Collectors.toSet());
        Audience audience = new Audience(queue.isEmpty() ? null : UUID.fromString(queue), agentIds, "1".equals(f.get(SUPERVISORS)));
        String type = f.get(TYPE);
        Map<UUID, Integer> counts = null;
        if (EventTypes.BELL_UPDATED.equals(type)) {
            counts = counts(new JsonObject(f.get(DATA)).getJsonObject("counts", new JsonObject()));
        } else if (f.containsKey(BELL)) {
            counts = counts(new JsonObject(f.get(BELL)));
        }
        return new StoredEvent(StreamId.of(message.id()), workspaceOf(message.key()), type, f.get(TS), audience, f.get(DATA), counts);
    }

    private static Map<UUID, Integer> counts(JsonObject byAgent) {
        Map<UUID, Integer> counts = new HashMap<>();
        for (String agent : byAgent.fieldNames()) {
            counts.put(UUID.fromString(agent), byAgent.getInteger(agent));
        }
        return counts;
    }
}
