package io.switchboard.events;

import java.util.Map;
import java.util.UUID;

/**
 * An event as read back from a workspace's stream. The wire frame is built once per instance and
 * shared by every session it goes to; only bell.updated differs per agent (one stream entry carries
 * the counts of every agent whose bell changed, each agent gets its own number).
 */
public record StoredEvent(StreamId id, UUID workspaceId, String type, String ts, Audience audience, String dataJson,
                          Map<String, Integer> countsByAgent) {

    public StoredEvent(StreamId id, UUID workspaceId, String type, String ts, Audience audience, String dataJson) {
        this(id, workspaceId, type, ts, audience, dataJson, null);
    }

    /** The contract's frame: {"id","type","ts","data"}; type and ts are our own plain tokens, data is JSON already. */
    public String frame() {
        return frame(dataJson);
    }

    /** The frame for one recipient. */
    public String frameFor(UUID agentId) {
        if (countsByAgent == null) {
            return frame();
        }
        return frame("{\"count\":" + countsByAgent.getOrDefault(agentId.toString(), 0) + "}");
    }

    private String frame(String data) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"ts\":\"" + ts + "\",\"data\":" + data + "}";
    }
}
