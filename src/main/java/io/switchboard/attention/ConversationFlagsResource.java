package io.switchboard.attention;

import io.smallrye.mutiny.Uni;
import io.switchboard.conversation.AgentStates.Flag;
import io.switchboard.auth.Callers;
import io.switchboard.conversation.ConversationView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

/** The caller's own flags on a conversation (R15, R16): read, unread, hide, pin, mute, archive and their undoing; and "unread for the owner". */
@Path("/api/conversations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("**")
public class ConversationFlagsResource {

    private final AttentionService attention;
    private final Callers callers;

    public ConversationFlagsResource(AttentionService attention, Callers callers) {
        this.attention = attention;
        this.callers = callers;
    }

    @POST
    @Path("/{id}/{flag: read|unread|hide|pin|unpin|mute|unmute|archive|unarchive}")
    public Uni<ConversationView> flag(@PathParam("id") UUID id, @PathParam("flag") String flag) {
        return attention.flag(callers.current(), id, Flag.valueOf(flag.toUpperCase()));
    }

    /** A supervisor or admin marks the conversation unread for its owner (seed 003); the owner's bell rings. */
    @POST
    @Path("/{id}/unread-for-owner")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    public Uni<ConversationView> unreadForOwner(@PathParam("id") UUID id) {
        return attention.unreadForOwner(callers.current(), id);
    }
}
