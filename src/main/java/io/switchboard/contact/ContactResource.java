package io.switchboard.contact;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Callers;
import io.switchboard.common.Page;
import io.switchboard.common.PageRequest;
import io.switchboard.contact.ContactService.ContactRequest;
import io.switchboard.contact.ContactService.NewContact;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.util.UUID;

/** Contacts (R18); their conversation history is served by the conversation feature. */
@Path("/api/contacts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("**")
public class ContactResource {

    private final Callers callers;
    private final ContactService contacts;

    public ContactResource(Callers callers, ContactService contacts) {
        this.callers = callers;
        this.contacts = contacts;
    }

    @GET
    public Uni<Page<ContactDetails>> search(@QueryParam("q") String q, @BeanParam PageRequest page) {
        return contacts.search(callers.current(), q, page.validated());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public Uni<ContactDetails> create(@Valid @NotNull NewContact request) {
        return contacts.create(callers.current(), request);
    }

    @GET
    @Path("/{id}")
    public Uni<ContactDetails> get(@PathParam("id") UUID id) {
        return contacts.get(callers.current(), id);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ContactDetails> update(@PathParam("id") UUID id, @Valid @NotNull ContactRequest request) {
        return contacts.update(callers.current(), id, request);
    }
}
