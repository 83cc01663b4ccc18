package io.switchboard.events;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An event as read back from a workspace's stream. Its frame is encoded once per instance and
 * shared by every session it goes to; only the bell differs per recipient. A change that moved
 * bells carries the new counts ({@code data.bell}, API.md "Version 2"): a recipient of the event
 * gets its own count in the event's frame, an agent whose bell moved but who may not see the event
 * gets a {@code bell.updated} frame under the same id. So each recipient gets one frame per change.
 */
public final class StoredEvent {

    private final StreamId id;
    private final UUID workspaceId;
    private final String type;
    private final String ts;
    private final Audience audience;
    private final String dataJson;
    private final Map<UUID, Integer> bells;
    private String frame;
    /**
     * Frames that carry a bell, one per distinct count and kind: the recipients of a queue's event
     * mostly share their count, so a thousand of them share a handful of frames.
     */
    private final Map<Integer, String> framesWithBell;
    private final Map<Integer, String> bellFrames;

    public StoredEvent(StreamId id, UUID workspaceId, String type, String ts, Audience audience, String dataJson,
                       Map<UUID, Integer> bells) {
        this.id = id;
        this.workspaceId = workspaceId;
        this.type = type;
        this.ts = ts;
        this.audience = audience;
        this.dataJson = dataJson;
        this.bells = bells == null ? Map.of() : Map.copyOf(bells);
        this.framesWithBell = this.bells.isEmpty() ? Map.of() : new ConcurrentHashMap<>();
        this.bellFrames = this.bells.isEmpty() ? Map.of() : new ConcurrentHashMap<>();
    }

    public StreamId id() {
        return id;
    }

    public UUID workspaceId() {
        return workspaceId;
    }

    public String type() {
        return type;
    }

    public String ts() {
        return ts;
    }

    public Audience audience() {
        return audience;
    }

    public String dataJson() {
        return dataJson;
    }

    /** Agents whose bell this change moved: they get a frame even when the event itself is not for them. */
    public Set<UUID> bellRecipients() {
        return bells.keySet();
    }

    /**
     * The frame for one recipient, or null when there is none: the event (with the recipient's bell
     * when it moved) to those {@code entitled} to it, a bell.updated to others whose bell moved.
     */
    public String frameFor(UUID agentId, boolean entitled) {
        Integer bell = bells.get(agentId);
        if (EventTypes.BELL_UPDATED.equals(type) || !entitled) {
            return bell == null ? null : bellFrames.computeIfAbsent(bell, count -> frame(EventTypes.BELL_UPDATED, "{\"count\":" + count + "}"));
        }
        if (bell == null) {
            if (frame == null) {
                frame = frame(type, dataJson);
            }
            return frame;
        }
        return framesWithBell.computeIfAbsent(bell, count -> frame(type, withBell(count)));
    }

    /** The contract's frame: {"id","type","ts","data"}; type and ts are our own plain tokens, data is JSON already. */
    private String frame(String frameType, String data) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + frameType + "\",\"ts\":\"" + ts + "\",\"data\":" + data + "}";
    }

    /** The event's data object with {@code "bell": n} added as its last field. */
    private String withBell(int bell) {
        int end = dataJson.lastIndexOf('}');
        boolean empty = dataJson.substring(0, end).trim().equals("{");
        return dataJson.substring(0, end) + (empty ? "" : ",") + "\"bell\":" + bell + "}";
    }
}
