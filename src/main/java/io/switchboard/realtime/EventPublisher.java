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
 * an event must never announce something a reader cannot then load. An append that fails parks the
 * event in PostgreSQL ({@link PendingEvents}), from where it is relayed when Redis answers again,
 * so a committed change is never silently left unannounced.
 */
@ApplicationScoped
public class EventPublisher {

    /** Fired after an event is appended, for local observers that derive state from it (wallboards). */
    public record Published(UUID workspaceId, String type, Object data, Audience audience) {
    }

    private final EventStream stream;
    private final PendingEvents pending;
    private final ObjectMapper json;
    private final Event<Published> published;

    public EventPublisher(EventStream stream, PendingEvents pending, ObjectMapper json, Event<Published> published) {
        this.stream = stream;
        this.pending = pending;
        this.json = json;
        this.published = published;
    }

    /** Appends the event (or parks it when Redis fails); answers its id, or null when parked. */
    public Uni<String> publish(UUID workspaceId, String type, Object data, Audience audience) {
        String encoded;
        try {
            encoded = json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        String ts = Instant.now().toString();
        if (pending.hasParked(workspaceId)) {
            return park(workspaceId, type, ts, audience, encoded, null);
        }
        return stream.append(workspaceId, type, ts, audience, encoded)
                .invoke(() -> published.fire(new Published(workspaceId, type, data, audience)))
                .map(StreamId::toString)
                .onFailure().recoverWithUni(failure -> park(workspaceId, type, ts, audience, encoded, failure));
    }

    private Uni<String> park(UUID workspaceId, String type, String ts, Audience audience, String encoded, Throwable failure) {
        if (failure != null) {
            Log.warnf("Could not append %s in workspace %s (%s): parked for relay", type, workspaceId, failure.toString());
        }
        return pending.park(workspaceId, type, ts, audience, encoded)
                .onFailure().invoke(parkFailure -> Log.errorf(parkFailure, "Could not park %s in workspace %s: it is lost", type, workspaceId))
                .onFailure().recoverWithNull()
                .replaceWith((String) null);
    }
}
