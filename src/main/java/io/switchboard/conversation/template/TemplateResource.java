package io.switchboard.conversation.template;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Callers;
import io.switchboard.conversation.template.TemplateService.TemplateRequest;
import io.switchboard.conversation.template.TemplateService.TemplateView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.util.List;
import java.util.UUID;

@Path("/api/templates")
@Produces(MediaType.APPLICATION_JSON)
public class TemplateResource {

    private final TemplateService templates;
    private final Callers callers;

    public TemplateResource(TemplateService templates, Callers callers) {
        this.templates = templates;
        this.callers = callers;
    }

    @GET
    @RolesAllowed("**")
    public Uni<List<TemplateView>> list() {
        return templates.list(callers.current());
    }

    @POST
    @RolesAllowed("ADMIN")
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public Uni<TemplateView> create(@Valid @NotNull TemplateRequest request) {
        return templates.create(callers.current(), request);
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed("ADMIN")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<TemplateView> update(@PathParam("id") UUID id, @Valid @NotNull TemplateRequest request) {
        return templates.update(callers.current(), id, request);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed("ADMIN")
    @ResponseStatus(204)
    public Uni<Void> delete(@PathParam("id") UUID id) {
        return templates.delete(callers.current(), id);
    }
}
