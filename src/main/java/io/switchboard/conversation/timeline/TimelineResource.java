package io.switchboard.conversation.timeline;

import io.switchboard.conversation.NoteView;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.switchboard.auth.Callers;
import io.switchboard.common.Page;
import io.switchboard.common.PageRequest;
import io.switchboard.conversation.timeline.NoteService.NewNote;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.UUID;

/** A conversation's history: its timeline (R13), internal notes (R12) and transcripts (R19). */
@Path("/api/conversations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("**")
public class TimelineResource {

    private final Callers callers;
    private final TimelineService timeline;
    private final NoteService notes;
    private final TranscriptService transcripts;
    private final TranscriptFonts fonts;

    public TimelineResource(Callers callers, TimelineService timeline, NoteService notes, TranscriptService transcripts,
                            TranscriptFonts fonts) {
        this.callers = callers;
        this.timeline = timeline;
        this.notes = notes;
        this.transcripts = transcripts;
        this.fonts = fonts;
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
