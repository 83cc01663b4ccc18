package io.switchboard.conversation;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.switchboard.auth.Callers;
import io.switchboard.common.Page;
import io.switchboard.common.PageRequest;
import io.switchboard.conversation.NoteService.NewNote;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;
import java.util.UUID;

/** Working the inbox: lists and search (R17), the timeline (R13), notes (R12), tags and transcripts (R19). */
@Path("/api/conversations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("**")
public class InboxResource {

    public record TagsRequest(@NotNull @Size(max = 100) List<@NotNull String> tags) {
    }

    private final Callers callers;
    private final ConversationSearch search;
    private final TimelineService timeline;
    private final NoteService notes;
    private final TagService tags;
    private final TranscriptService transcripts;
    private final TranscriptFonts fonts;

    public InboxResource(Callers callers, ConversationSearch search, TimelineService timeline, NoteService notes,
                         TagService tags, TranscriptService transcripts, TranscriptFonts fonts) {
        this.callers = callers;
        this.search = search;
        this.timeline = timeline;
        this.notes = notes;
        this.tags = tags;
        this.transcripts = transcripts;
        this.fonts = fonts;
    }

    @GET
    public Uni<Page<ConversationView>> list(@BeanParam ConversationQuery query, @BeanParam PageRequest page) {
        var caller = callers.current();
        return search.list(caller, query.toFilter(caller), page.validated());
    }

    @GET
    @Path("/{id}/timeline")
    public Uni<Page<TimelineEntry>> timeline(@PathParam("id") UUID id, @BeanParam PageRequest page) {
        return timeline.page(callers.current(), id, page.validated());
    }

    @POST
    @Path("/{id}/notes")
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public Uni<NoteView> note(@PathParam("id") UUID id, @Valid @NotNull NewNote note) {
        return notes.add(callers.current(), id, note);
    }

    @PUT
    @Path("/{id}/tags")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ConversationView> tags(@PathParam("id") UUID id, @Valid @NotNull TagsRequest request) {
        return tags.replace(callers.current(), id, request.tags());
    }

    @GET
    @Path("/{id}/transcript.txt")
    @Produces(MediaType.TEXT_PLAIN + ";charset=UTF-8")
    public Uni<RestResponse<String>> transcriptText(@PathParam("id") UUID id) {
        return transcripts.of(callers.current(), id).map(transcript -> download(transcript.text(), id, "txt"));
    }

    @GET
    @Path("/{id}/transcript.pdf")
    @Produces("application/pdf")
    public Uni<RestResponse<byte[]>> transcriptPdf(@PathParam("id") UUID id) {
        return transcripts.of(callers.current(), id)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(transcript -> download(transcript.pdf(fonts), id, "pdf"));
    }

    private static <T> RestResponse<T> download(T body, UUID id, String extension) {
        return RestResponse.ResponseBuilder.ok(body)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"conversation-" + id + "." + extension + "\"")
                .build();
    }
}
