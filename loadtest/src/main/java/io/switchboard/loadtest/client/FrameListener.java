package io.switchboard.loadtest.client;

/** Receives every event frame of every socket, on the socket's event loop: keep it short. */
@FunctionalInterface
public interface FrameListener {

    FrameListener NONE = (socket, frame, receivedNanos) -> { };

    /** @param receivedNanos {@link System#nanoTime()} taken as the frame arrived, before parsing */
    void onFrame(AgentSocket socket, Frame frame, long receivedNanos);
}
