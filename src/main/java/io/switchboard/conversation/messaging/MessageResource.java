package io.switchboard.conversation.messaging;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Callers;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.util.UUID;

/** A sent message: undoing it while it waits (R11). */
@Path("/api/messages")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("**")
public class MessageResource {

    private final Callers callers;
    private final OutboundService outbound;

    public MessageResource(Callers callers, OutboundService outbound) {
        this.callers = callers;
        this.outbound = outbound;
    }

    /** R11: undo a send within the undo window while it is still QUEUED. */
    @DELETE
    @Path("/{id}")
    @ResponseStatus(204)
    public Uni<Void> undo(@PathParam("id") UUID id) {
        return outbound.undo(callers.current(), id);
    }
}
