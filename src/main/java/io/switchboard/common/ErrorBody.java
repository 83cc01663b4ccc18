package io.switchboard.common;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Map;

/**
 * The contract's error body: {@code {"error": "<code>", "message": "<sentence>"}}, plus details
 * such as the offending {@code field} or the winner's {@code ownerId}.
 */
@JsonPropertyOrder({"error", "message"})
public record ErrorBody(String error, String message, @JsonIgnore Map<String, Object> details) {

    public ErrorBody(String error, String message) {
        this(error, message, Map.of());
    }

    @JsonAnyGetter
    public Map<String, Object> extra() {
        return details;
    }
}
