package io.switchboard.loadtest.client;

import io.vertx.core.json.JsonObject;

/** Receives every event frame of every socket, on the socket's event loop: keep it short. */
@FunctionalInterface
public interface FrameListener {

    FrameListener NONE = (socket, type, data, receivedNanos) -> { };

    /** @param receivedNanos {@link System#nanoTime()} taken as the frame arrived, before parsing */
    void onFrame(AgentSocket socket, String type, JsonObject data, long receivedNanos);
}
