package io.switchboard.events;

import java.util.Set;
import java.util.UUID;

/**
 * One change as the live stream carries it: its type (API.md's event name), its payload and who
 * may see it. Each event type is a record of the feature that causes it; the stream, the replay
 * and local observers (wallboards) see only this interface.
 */
public interface LiveEvent {

    UUID workspaceId();

    /** The event name of API.md, e.g. {@code conversation.claimed}. */
    String type();

    /** The payload exactly as API.md shows it under {@code data}. */
    Object data();

    Audience audience();

    /** Queues whose figures this change may move; wallboards recompute them. */
    default Set<UUID> queues() {
        return audience().queueId() == null ? Set.of() : Set.of(audience().queueId());
    }
}
