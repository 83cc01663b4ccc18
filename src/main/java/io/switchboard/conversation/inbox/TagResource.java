package io.switchboard.conversation.inbox;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Callers;
import io.switchboard.conversation.inbox.TagService.TagUse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** The workspace's tags in use, for filters and pickers. */
@Path("/api/tags")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("**")
public class TagResource {

    private final Callers callers;
    private final TagService tags;

    public TagResource(Callers callers, TagService tags) {
        this.callers = callers;
        this.tags = tags;
    }

    @GET
    public Uni<List<TagUse>> list() {
        return tags.inUse(callers.current());
    }
}
