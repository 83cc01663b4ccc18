package io.switchboard.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import java.time.Instant;
import java.util.UUID;

/**
 * Publishes domain events to the live stream. Call it after the write it describes has committed:
 * an event must never announce something a reader cannot then load.
 */
@ApplicationScoped
public class EventPublisher {

    /** Fired after an event is appended, for local observers that derive state from it (wallboards). */
    public record Published(UUID workspaceId, String type, Object data, Audience audience) {
    }

    private final EventStream stream;
    private final ObjectMapper json;
    private final Event<Published> published;

    public EventPublisher(EventStream stream, ObjectMapper json, Event<Published> published) {
        this.stream = stream;
        this.json = json;
        this.published = published;
    }

    /**
     * Appends the event; answers its id. A failure is logged and swallowed: the write is already
     * committed, and clients that miss an event recover through resume or a REST reload.
     */
    public Uni<String> publish(UUID workspaceId, String type, Object data, Audience audience) {
        String encoded;
        try {
            encoded = json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return stream.append(workspaceId, type, Instant.now().toString(), audience, encoded)
                .invoke(() -> published.fire(new Published(workspaceId, type, data, audience)))
                .map(StreamId::toString)
                .onFailure().recoverWithItem(failure -> {
                    Log.errorf(failure, "Could not publish %s in workspace %s", type, workspaceId);
                    return null;
                });
    }
}
