package io.switchboard.attention;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Callers;
import io.switchboard.conversation.ConversationView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;

/** The bell, the alerts and each agent's own flags on conversations. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("**")
public class AttentionResource {

    private final AttentionService attention;
    private final BellRebuild rebuild;
    private final Callers callers;

    public AttentionResource(AttentionService attention, BellRebuild rebuild, Callers callers) {
        this.attention = attention;
        this.rebuild = rebuild;
        this.callers = callers;
    }

    @GET
    @Path("/bell")
    public Uni<Map<String, Integer>> bell() {
        return attention.bellCount(callers.current()).map(count -> Map.of("count", count));
    }

    /** Rebuilds the workspace's bell state from PostgreSQL (admins; also done at start-up when Redis lost it). */
    @POST
    @Path("/bell/rebuild")
    @RolesAllowed("ADMIN")
    public Uni<Map<String, Integer>> rebuild() {
        return rebuild.rebuild(callers.current().workspaceId()).map(agents -> Map.of("agents", agents));
    }

    @GET
    @Path("/alerts")
    public Uni<List<ConversationView>> alerts() {
        return attention.alerts(callers.current());
    }
}
