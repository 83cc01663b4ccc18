package io.switchboard.conversation.inbox;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Callers;
import io.switchboard.common.Page;
import io.switchboard.common.PageRequest;
import io.switchboard.conversation.ConversationView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.UUID;

/** Reading the inbox: lists and search (R17), one conversation with who is viewing it (R25), its tags. */
@Path("/api/conversations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("**")
public class InboxResource {

    public record TagsRequest(@NotNull @Size(max = 100) List<@NotNull String> tags) {
    }

    private final Callers callers;
    private final ConversationSearch search;
    private final ConversationReader reader;
    private final TagService tags;

    public InboxResource(Callers callers, ConversationSearch search, ConversationReader reader, TagService tags) {
        this.callers = callers;
        this.search = search;
        this.reader = reader;
        this.tags = tags;
    }

    @GET
    public Uni<Page<ConversationView>> list(@BeanParam ConversationQuery query, @BeanParam PageRequest page) {
        var caller = callers.current();
        return search.list(caller, query.toFilter(caller), page.validated());
    }

    @GET
    @Path("/{id}")
    public Uni<ConversationReader.Detail> get(@PathParam("id") UUID id) {
        return reader.get(callers.current(), id);
    }

    @PUT
    @Path("/{id}/tags")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ConversationView> tags(@PathParam("id") UUID id, @Valid @NotNull TagsRequest request) {
        return tags.replace(callers.current(), id, request.tags());
    }
}
