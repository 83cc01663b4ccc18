package io.switchboard.workspace;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Callers;
import io.switchboard.workspace.SenderService.NewSender;
import io.switchboard.workspace.SenderService.SenderView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.util.List;

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
}
