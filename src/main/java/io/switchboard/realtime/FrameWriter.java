package io.switchboard.realtime;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.WebSocketBase;

import java.lang.reflect.Method;

/**
 * Writes a session's frames straight to its Vert.x socket. websockets-next's {@code sendText} wraps
 * each frame in a {@code Uni} with context propagation before Vert.x writes it: a fan-out pays that
 * for every recipient of every event (about a fifth of a frame's CPU in the profiles of
 * loadtest/README.md). websockets-next does not expose its socket, so it is read once per
 * connection by reflection; should a Quarkus upgrade move it, frames go through {@code sendText}
 * again (logged once at start), and {@code FrameWriterTest} fails so the upgrade cannot pass unnoticed.
 */
final class FrameWriter {

    private static final Method SOCKET = socketAccessor();

    private final WebSocketConnection connection;
    private final WebSocketBase socket;

    private FrameWriter(WebSocketConnection connection, WebSocketBase socket) {
        this.connection = connection;
        this.socket = socket;
    }

    static FrameWriter of(WebSocketConnection connection) {
        return new FrameWriter(connection, socketOf(connection));
    }

    /** Whether frames go straight to the Vert.x socket (false: through websockets-next's {@code sendText}). */
    boolean direct() {
        return socket != null;
    }

    /** Writes one text frame; {@code written} hears when it has left, or failed to. */
    void write(String frame, Handler<AsyncResult<Void>> written) {
        if (socket != null) {
            socket.writeTextMessage(frame, written);
        } else {
            connection.sendText(frame).subscribe().with(
                    sent -> written.handle(Future.succeededFuture()),
                    failure -> written.handle(Future.failedFuture(failure)));
        }
    }

    private static WebSocketBase socketOf(WebSocketConnection connection) {
        if (SOCKET == null || !SOCKET.getDeclaringClass().isInstance(connection)) {
            return null;
        }
        try {
            return (WebSocketBase) SOCKET.invoke(connection);
        } catch (ReflectiveOperationException | ClassCastException e) {
            return null;
        }
    }

    private static Method socketAccessor() {
        try {
            Method accessor = Class.forName("io.quarkus.websockets.next.runtime.WebSocketConnectionBase",
                    false, WebSocketConnection.class.getClassLoader()).getDeclaredMethod("webSocket");
            accessor.setAccessible(true);
            return accessor;
        } catch (ReflectiveOperationException | RuntimeException e) {
            Log.warnf("Frames go through websockets-next's sendText: its Vert.x socket is out of reach (%s)", e.toString());
            return null;
        }
    }
}
