package io.switchboard.routing;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Callers;
import io.switchboard.conversation.ConversationView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

/** R24: the one agent a conversation is offered to accepts or declines it. */
@Path("/api/conversations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("**")
public class OfferResource {

    private final Offers offers;
    private final Callers callers;

    public OfferResource(Offers offers, Callers callers) {
        this.offers = offers;
        this.callers = callers;
    }

    /** 200 with the conversation, now the caller's; 409 offer_expired, not_offered, at_capacity. */
    @POST
    @Path("/{id}/accept")
    public Uni<ConversationView> accept(@PathParam("id") UUID id) {
        return offers.accept(callers.current(), id);
    }

    /** 204; it is offered to the next eligible agent. */
    @POST
    @Path("/{id}/decline")
    public Uni<Void> decline(@PathParam("id") UUID id) {
        return offers.decline(callers.current(), id);
    }
}
