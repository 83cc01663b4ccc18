package io.switchboard.conversation.snooze;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Callers;
import io.switchboard.conversation.ConversationView;
import io.switchboard.conversation.snooze.SnoozeService.SnoozeRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

/** #21: {@code POST /api/conversations/{id}/snooze} ({@code {"until"}}, or no body: until the contact writes) and {@code /unsnooze}. */
@Path("/api/conversations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("**")
public class SnoozeResource {

    private final Callers callers;
    private final SnoozeService snoozes;

    public SnoozeResource(Callers callers, SnoozeService snoozes) {
        this.callers = callers;
        this.snoozes = snoozes;
    }

    @POST
    @Path("/{id}/snooze")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ConversationView> snooze(@PathParam("id") UUID id, SnoozeRequest request) {
        return snoozes.snooze(callers.current(), id, request);
    }

    /** Without a body, of any content type: until the contact writes. */
    @POST
    @Path("/{id}/snooze")
    public Uni<ConversationView> snoozeUntilReply(@PathParam("id") UUID id) {
        return snoozes.snooze(callers.current(), id, null);
    }

    @POST
    @Path("/{id}/unsnooze")
    public Uni<ConversationView> unsnooze(@PathParam("id") UUID id) {
        return snoozes.unsnooze(callers.current(), id);
    }
}
