package io.switchboard.realtime;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Data of {@code queue.members_changed}: the queue, its members after the change, and who was added
 * and removed by it (absent from events of older versions: then empty).
 */
public record MembershipChange(UUID queueId, Set<UUID> memberIds, Set<UUID> addedIds, Set<UUID> removedIds) {

    static MembershipChange parse(String json) {
        JsonObject data = new JsonObject(json);
        return new MembershipChange(UUID.fromString(data.getString("queueId")), ids(data.getJsonArray("memberIds")),
                ids(data.getJsonArray("addedIds")), ids(data.getJsonArray("removedIds")));
    }

    private static Set<UUID> ids(JsonArray array) {
        return array == null ? Set.of()
                : array.stream().map(id -> UUID.fromString(id.toString())).collect(Collectors.toSet());
    }

    /** Whether the agent belonged to the queue just before this change, when the change says so. */
    java.util.Optional<Boolean> wasMemberBefore(UUID agentId) {
        if (addedIds.contains(agentId)) {
            return java.util.Optional.of(false);
        }
        if (removedIds.contains(agentId)) {
            return java.util.Optional.of(true);
        }
        return java.util.Optional.empty();
    }
}
