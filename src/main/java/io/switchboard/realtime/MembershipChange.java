package io.switchboard.realtime;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Data of {@code queue.members_changed}: the queue and its members after the change. */
public record MembershipChange(UUID queueId, Set<UUID> memberIds) {

    static MembershipChange parse(String json) {
        JsonObject data = new JsonObject(json);
        List<?> members = data.getJsonArray("memberIds").getList();
        return new MembershipChange(UUID.fromString(data.getString("queueId")),
                members.stream().map(Object::toString).map(UUID::fromString).collect(Collectors.toSet()));
    }
}
