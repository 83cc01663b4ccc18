package io.switchboard.workspace;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Callers;
import io.switchboard.workspace.WorkspaceService.NewWorkspace;
import io.switchboard.workspace.WorkspaceService.Settings;
import io.switchboard.workspace.WorkspaceService.WorkspaceView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Tenants; only the platform operator may create them, and each admin sets their own workspace's time zone. */
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/workspaces")
public class WorkspaceResource {

    private final WorkspaceService workspaces;
    private final Callers callers;

    public WorkspaceResource(WorkspaceService workspaces, Callers callers) {
        this.workspaces = workspaces;
        this.callers = callers;
    }

    @POST
    @RolesAllowed("ADMIN")
    @ResponseStatus(201)
    public Uni<WorkspaceView> create(@Valid @NotNull NewWorkspace workspace) {
        return workspaces.create(callers.current(), workspace);
    }

    @GET
    @Path("/current")
    @RolesAllowed("**")
    public Uni<WorkspaceView> current() {
        return workspaces.current(callers.current());
    }

    /** {@code {"timeZone"}}: the zone whose days reports count (#21). */
    @PUT
    @Path("/current")
    @RolesAllowed("ADMIN")
    public Uni<WorkspaceView> update(@Valid @NotNull Settings settings) {
        return workspaces.update(callers.current(), settings);
    }
}
