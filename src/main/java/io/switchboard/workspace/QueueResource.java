package io.switchboard.workspace;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Callers;
import io.switchboard.workspace.QueueService.Members;
import io.switchboard.workspace.QueueService.NewQueue;
import io.switchboard.workspace.QueueService.QueueView;
import io.switchboard.workspace.QueueService.RoutingChange;
import io.switchboard.workspace.QueueService.Survey;
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
import jakarta.ws.rs.PathParam;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.util.List;
import java.util.UUID;

@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/queues")
public class QueueResource {

    private final QueueService queues;
    private final Callers callers;

    public QueueResource(QueueService queues, Callers callers) {
        this.queues = queues;
        this.callers = callers;
    }

    @POST
    @RolesAllowed("ADMIN")
    @ResponseStatus(201)
    public Uni<QueueView> create(@Valid @NotNull NewQueue queue) {
        return queues.create(callers.current(), queue);
    }

    @GET
    @RolesAllowed("**")
    public Uni<List<QueueView>> list() {
        return queues.list(callers.current());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed("**")
    public Uni<QueueView> get(@PathParam("id") UUID id) {
        return queues.get(callers.current(), id);
    }

    /** R22, R23: the queue's routing mode and its agents' default capacity. */
    @PUT
    @Path("/{id}/routing")
    @RolesAllowed("ADMIN")
    public Uni<QueueView> setRouting(@PathParam("id") UUID id, @Valid @NotNull RoutingChange routing) {
        return queues.setRouting(callers.current(), id, routing);
    }

    /** #21: the satisfaction survey its closed conversations send. */
    @PUT
    @Path("/{id}/survey")
    @RolesAllowed("ADMIN")
    public Uni<QueueView> setSurvey(@PathParam("id") UUID id, @Valid @NotNull Survey survey) {
        return queues.setSurvey(callers.current(), id, survey);
    }

    @PUT
    @Path("/{id}/members")
    @RolesAllowed("ADMIN")
    public Uni<QueueView> setMembers(@PathParam("id") UUID id, @Valid @NotNull Members members) {
        return queues.setMembers(callers.current(), id, members);
    }
}
