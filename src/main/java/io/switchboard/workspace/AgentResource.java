package io.switchboard.workspace;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Callers;
import io.switchboard.common.Page;
import io.switchboard.common.PageRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.util.UUID;

@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/agents")
public class AgentResource {

    private final AgentService agents;
    private final Callers callers;

    public AgentResource(AgentService agents, Callers callers) {
        this.agents = agents;
        this.callers = callers;
    }

    @POST
    @RolesAllowed("ADMIN")
    @ResponseStatus(201)
    public Uni<AgentView> create(@Valid @NotNull NewAgent agent) {
        return agents.create(callers.current(), agent);
    }

    @GET
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    public Uni<Page<AgentView>> list(@BeanParam PageRequest page) {
        return agents.list(callers.current(), page.validated());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    public Uni<AgentView> get(@PathParam("id") UUID id) {
        return agents.get(callers.current(), id);
    }

    /** R28: display name, role, active, maxConversations. */
    @PUT
    @Path("/{id}")
    @RolesAllowed("ADMIN")
    public Uni<AgentView> change(@PathParam("id") UUID id, @Valid @NotNull AgentService.AgentChange change) {
        return agents.change(callers.current(), id, change);
    }

    public record NewPassword(@NotBlank @Size(max = 200) String password) {
    }

    /** R28: an admin resets a user's password. */
    @POST
    @Path("/{id}/password")
    @RolesAllowed("ADMIN")
    @ResponseStatus(204)
    public Uni<Void> resetPassword(@PathParam("id") UUID id, @Valid @NotNull NewPassword request) {
        return agents.resetPassword(callers.current(), id, request.password());
    }
}
