package io.switchboard.workspace;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Callers;
import io.switchboard.workspace.SenderService.NewSender;
import io.switchboard.workspace.SenderService.SenderChange;
import io.switchboard.workspace.SenderService.SenderView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.util.List;
import java.util.UUID;

@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/senders")
public class SenderResource {

    private final SenderService senders;
    private final Callers callers;

    public SenderResource(SenderService senders, Callers callers) {
        this.senders = senders;
        this.callers = callers;
    }

    @POST
    @RolesAllowed("ADMIN")
    @ResponseStatus(201)
    public Uni<SenderView> create(@Valid @NotNull NewSender sender) {
        return senders.create(callers.current(), sender);
    }

    @GET
    @RolesAllowed("**")
    public Uni<List<SenderView>> list() {
        return senders.list(callers.current());
    }

    /** R9, R10, R26: change a sender's texts, daily limit, time zone or business hours. */
    @PUT
    @Path("/{id}")
    @RolesAllowed("ADMIN")
    public Uni<SenderView> change(@PathParam("id") UUID id, @Valid @NotNull SenderChange change) {
        return senders.change(callers.current(), id, change);
    }
}
