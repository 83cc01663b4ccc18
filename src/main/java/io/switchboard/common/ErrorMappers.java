package io.switchboard.common;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.Map;
import java.util.stream.Collectors;

/** The one place where every failure becomes the contract's error body. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response response = respond(e.status(), new ErrorBody(e.error(), e.getMessage(), e.details()));
        Object retryAfter = e.details() == null ? null : e.details().get("retryAfter");
        return retryAfter == null ? response : Response.fromResponse(response).header("Retry-After", retryAfter.toString()).build();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        ConstraintViolation<?> first = e.getConstraintViolations().stream()
                .min(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .orElseThrow();
        String field = fieldName(first.getPropertyPath().toString());
        String all = e.getConstraintViolations().stream()
                .map(v -> fieldName(v.getPropertyPath().toString()) + " " + v.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return respond(400, new ErrorBody("invalid_field", all, Map.of("field", field)));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e) {
        return respond(400, new ErrorBody("malformed_json", "The request body is not valid JSON"));
    }

    @ServerExceptionMapper
    public Response wrongJsonType(MismatchedInputException e) {
        return jsonMapping(e);
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        if (field.isEmpty()) {
            return respond(400, new ErrorBody("malformed_json", "The request body does not have the expected shape"));
        }
        return respond(400, new ErrorBody("invalid_field", field + " has the wrong type or format", Map.of("field", field)));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return respond(401, new ErrorBody("unauthorized", "A valid bearer token is required"));
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return respond(401, new ErrorBody("unauthorized", "A valid bearer token is required"));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(403, new ErrorBody("forbidden", "Your role does not allow this"));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return respond(404, new ErrorBody("not_found", "No such resource"));
    }

    @ServerExceptionMapper
    public Response methodNotAllowed(NotAllowedException e) {
        return respond(405, new ErrorBody("method_not_allowed", "This method is not allowed here"));
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e) {
        return respond(415, new ErrorBody("unsupported_media_type", "Send the body as application/json"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonParseException) {
            return malformedJson((JsonParseException) e.getCause());
        }
        if (e.getCause() instanceof JsonMappingException mapping) {
            return jsonMapping(mapping);
        }
        if (status >= 500) {
            return unexpected(e);
        }
        String code = status == 413 ? "payload_too_large" : "bad_request";
        return respond(status, new ErrorBody(code, Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : "Request rejected"));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (Unavailability.isUnavailable(e)) {
            Log.warnf("Unavailable: %s", e.toString());
            return Response.fromResponse(respond(503, new ErrorBody("unavailable",
                    "A service we depend on is not answering; try again shortly"))).header("Retry-After", "1").build();
        }
        String reference = CorrelationId.current();
        Log.errorf(e, "Unexpected failure (reference %s)", reference);
        return respond(500, new ErrorBody("internal_error",
                "Something went wrong on our side; quote reference " + reference));
    }

    private static String fieldName(String propertyPath) {
        // "create.body.username" -> "username": the method and parameter names mean nothing to clients.
        String[] parts = propertyPath.split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length)) : parts[parts.length - 1];
    }

    static Response respond(int status, ErrorBody body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
