package io.switchboard.workspace;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Callers;
import io.switchboard.workspace.PresenceStatusService.NewPresenceStatus;
import io.switchboard.workspace.PresenceStatusService.PresenceStatusView;
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
@Path("/api/presence-statuses")
public class PresenceStatusResource {

    private final PresenceStatusService statuses;
    private final Callers callers;

    public PresenceStatusResource(PresenceStatusService statuses, Callers callers) {
        this.statuses = statuses;
        this.callers = callers;
    }

    @POST
    @RolesAllowed("ADMIN")
    @ResponseStatus(201)
    public Uni<PresenceStatusView> create(@Valid @NotNull NewPresenceStatus status) {
        return statuses.create(callers.current(), status);
    }

    @GET
    @RolesAllowed("**")
    public Uni<List<PresenceStatusView>> list() {
        return statuses.list(callers.current());
    }
}
