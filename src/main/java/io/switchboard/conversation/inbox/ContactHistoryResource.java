package io.switchboard.conversation.inbox;

import io.switchboard.conversation.ConversationView;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Callers;
import io.switchboard.common.Page;
import io.switchboard.common.PageRequest;
import io.switchboard.contact.ContactService;
import io.switchboard.conversation.inbox.ConversationQuery.Filter;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

/** A contact's history (R18): their conversations, closed ones included, as far as the caller may see them. */
@Path("/api/contacts/{id}/conversations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("**")
public class ContactHistoryResource {

    private final Callers callers;
    private final ConversationSearch search;

    public ContactHistoryResource(Callers callers, ConversationSearch search) {
        this.callers = callers;
        this.search = search;
    }

    @GET
    public Uni<Page<ConversationView>> history(@PathParam("id") UUID contactId, @BeanParam PageRequest page) {
        var caller = callers.current();
        PageRequest checked = page.validated();
        return Panache.withSession(() -> ContactService.find(caller, contactId))
                .chain(contact -> search.list(caller, Filter.historyOf(contact.id), checked));
    }
}
