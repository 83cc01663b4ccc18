package io.switchboard.loadtest.client;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** Status and body of one HTTP answer. */
public record ApiResponse(int status, Buffer body) {

    public JsonObject json() {
        try {
            return body == null || body.length() == 0 ? new JsonObject() : body.toJsonObject();
        } catch (RuntimeException e) {
            return new JsonObject().put("unparsed", body.toString());
        }
    }

    /** The contract's error code ({@code "error"}), or the status when there is none. */
    public String errorCode() {
        return json().getString("error", "http_" + status);
    }
}
