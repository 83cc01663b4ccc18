package io.switchboard.common;

import java.util.Map;

/**
 * A failure the client caused or may act on, carrying the contract's error code and status.
 * The exception mapper turns it into {@code {"error", "message", ...details}}.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final Map<String, Object> details;

    public ApiException(int status, String error, String message) {
        this(status, error, message, Map.of());
    }

    public ApiException(int status, String error, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.details = details;
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " not found");
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message);
    }

    public static ApiException badRequest(String error, String field, String message) {
        return new ApiException(400, error, message, Map.of("field", field));
    }

    public static ApiException conflict(String error, String message) {
        return new ApiException(409, error, message);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public Map<String, Object> details() {
        return details;
    }
}
