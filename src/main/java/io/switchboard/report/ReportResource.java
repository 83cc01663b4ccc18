package io.switchboard.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Callers;
import io.switchboard.common.ApiException;
import io.switchboard.report.Reports.Report;
import io.switchboard.report.Reports.Subject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * #21: {@code GET /api/reports/agents} and {@code /queues} ({@code from}, {@code to}: days in the
 * workspace's time zone, both included; {@code format=json|csv}), for supervisors and admins.
 */
@Path("/api/reports")
@RolesAllowed({"SUPERVISOR", "ADMIN"})
public class ReportResource {

    /** Quotes a field only when it needs it (a comma, quote or line break), as spreadsheets write CSV. */
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
    private static final CsvSchema ROWS = CSV.schemaFor(ReportRow.class).withHeader();

    private final Callers callers;
    private final Reports reports;

    public ReportResource(Callers callers, Reports reports) {
        this.callers = callers;
        this.reports = reports;
    }

    @GET
    @Path("/{subject: agents|queues}")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Uni<Response> report(@PathParam("subject") String subject, @QueryParam("from") String from,
                                @QueryParam("to") String to, @QueryParam("format") String format) {
        boolean csv = "csv".equalsIgnoreCase(format);
        if (format != null && !csv && !"json".equalsIgnoreCase(format)) {
            throw ApiException.badRequest("invalid_field", "format", "format must be json or csv");
        }
        Subject what = Subject.valueOf(subject.toUpperCase(Locale.ROOT));
        return reports.of(callers.current().workspaceId(), what, day(from, "from"), day(to, "to"))
                .map(report -> csv ? csv(report, subject) : Response.ok(report, MediaType.APPLICATION_JSON_TYPE).build());
    }

    private static Response csv(Report report, String subject) {
        try {
            return Response.ok(CSV.writer(ROWS).writeValueAsString(report.rows()), "text/csv; charset=UTF-8")
                    .header(HttpHeaders.CONTENT_DISPOSITION,
                            "attachment; filename=\"" + subject + "-" + report.from() + "-" + report.to() + ".csv\"")
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A report row could not be written as CSV", e);
        }
    }

    private static LocalDate day(String raw, String name) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.badRequest("invalid_field", name, name + " is required (a day, e.g. 2026-11-30)");
        }
        try {
            return LocalDate.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid_field", name, name + " must be a day, e.g. 2026-11-30");
        }
    }
}
