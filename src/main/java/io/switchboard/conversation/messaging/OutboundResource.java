package io.switchboard.conversation.messaging;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Callers;
import io.switchboard.conversation.ConversationView;
import io.switchboard.conversation.MessageView;
import io.switchboard.conversation.messaging.OutboundService.Draft;
import io.switchboard.conversation.messaging.OutboundService.NewConversation;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.util.UUID;

/** Writing to contacts: starting a conversation and sending in one (R8, R9). */
@Path("/api/conversations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("**")
public class OutboundResource {

    private final Callers callers;
    private final OutboundService outbound;

    public OutboundResource(Callers callers, OutboundService outbound) {
        this.callers = callers;
        this.outbound = outbound;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public Uni<ConversationView> start(@Valid @NotNull NewConversation request) {
        return outbound.start(callers.current(), request);
    }

    @POST
    @Path("/{id}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(202)
    public Uni<MessageView> send(@PathParam("id") UUID id, @Valid @NotNull Draft draft) {
        return outbound.send(callers.current(), id, draft);
    }
}
