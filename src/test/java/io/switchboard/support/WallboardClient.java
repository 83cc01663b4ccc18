package io.switchboard.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A test client of /ws/wallboard that records every frame. */
public final class WallboardClient implements AutoCloseable {

    private static final Vertx VERTX = Vertx.vertx();

    private final WebSocket socket;
    private final List<JsonObject> frames = new CopyOnWriteArrayList<>();

    private WallboardClient(WebSocket socket) {
        this.socket = socket;
        socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    }

    public static WallboardClient connect(URI base, String token, String queueId) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort())
                .setURI("/ws/wallboard?queueId=" + queueId).addHeader("Authorization", "Bearer " + token);
        try {
            // Handlers set on the event loop as the upgrade completes, so no early frame is missed.
            return VERTX.createHttpClient().webSocket(options).map(WallboardClient::new).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not open the wallboard", e);
        }
    }

    /** The HTTP status the upgrade was refused with, or 101. */
    public static int upgradeStatus(URI base, String token, String queueId) {
        try {
            connect(base, token, queueId).close();
            return 101;
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof java.util.concurrent.ExecutionException failed
                    && failed.getCause() instanceof io.vertx.core.http.UpgradeRejectedException rejected) {
                return rejected.getStatus();
            }
            throw e;
        }
    }

    /** The latest queue.stats figures received, or null. */
    public JsonObject latestStats() {
        for (int i = frames.size() - 1; i >= 0; i--) {
            if ("queue.stats".equals(frames.get(i).getString("type"))) {
                return frames.get(i).getJsonObject("data");
            }
        }
        return null;
    }

    public List<JsonObject> frames() {
        return List.copyOf(frames);
    }

    @Override
    public void close() {
        socket.close();
    }
}
