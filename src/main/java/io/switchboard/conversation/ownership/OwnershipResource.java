package io.switchboard.conversation.ownership;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Callers;
import io.switchboard.conversation.ConversationView;
import io.switchboard.conversation.ownership.TransferService.Transfer;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Who owns a conversation: claim (R4, R5), transfer and assign (R6), close (R7). Body-less calls take any content type. */
@Path("/api/conversations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("**")
public class OwnershipResource {

    public record BulkAssign(@NotEmpty @Size(max = 500) List<@NotNull UUID> conversationIds, @NotNull UUID agentId) {
    }

    public record BulkClose(@NotEmpty @Size(max = 500) List<@NotNull UUID> conversationIds) {
    }

    private final Callers callers;
    private final ClaimService claims;
    private final TransferService transfers;
    private final CloseService closes;

    public OwnershipResource(Callers callers, ClaimService claims, TransferService transfers, CloseService closes) {
        this.callers = callers;
        this.claims = claims;
        this.transfers = transfers;
        this.closes = closes;
    }

    @POST
    @Path("/{id}/claim")
    public Uni<ConversationView> claim(@PathParam("id") UUID id) {
        return claims.claim(callers.current(), id);
    }

    @POST
    @Path("/{id}/transfer")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ConversationView> transfer(@PathParam("id") UUID id, @NotNull Transfer transfer) {
        return transfers.transfer(callers.current(), id, transfer);
    }

    @POST
    @Path("/assign")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    public Uni<Map<String, Integer>> assign(@Valid @NotNull BulkAssign request) {
        return transfers.assignAll(callers.current(), request.conversationIds(), request.agentId())
                .map(assigned -> Map.of("assigned", assigned));
    }

    @POST
    @Path("/{id}/close")
    public Uni<ConversationView> close(@PathParam("id") UUID id) {
        return closes.close(callers.current(), id);
    }

    @POST
    @Path("/close")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    public Uni<Map<String, Integer>> closeAll(@Valid @NotNull BulkClose request) {
        return closes.closeAll(callers.current(), request.conversationIds()).map(closed -> Map.of("closed", closed));
    }
}
