package io.switchboard.wallboard;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Callers;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

@Path("/api/queues")
@Produces(MediaType.APPLICATION_JSON)
public class WallboardResource {

    private final QueueStatsService stats;
    private final Callers callers;

    public WallboardResource(QueueStatsService stats, Callers callers) {
        this.stats = stats;
        this.callers = callers;
    }

    /** R20: the queue's wallboard snapshot. */
    @GET
    @Path("/{id}/stats")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    public Uni<QueueStats> stats(@PathParam("id") UUID id) {
        return stats.forCaller(callers.current(), id);
    }
}
