package io.switchboard.loadtest.client;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocketFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AgentSocketTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Answers the ping, then sends one message split over three frames and one whole. */
    private int server() throws Exception {
        HttpServer server = vertx.createHttpServer().webSocketHandler(ws -> ws.textMessageHandler(text -> {
            ws.writeTextMessage("{\"type\":\"pong\"}");
            ws.writeFrame(WebSocketFrame.textFrame("{\"id\":\"1\",\"type\":\"message.created\",", false));
            ws.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("\"data\":{\"text\":\"split "), false));
            ws.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("in three\"}}"), true));
            ws.writeTextMessage("{\"id\":\"2\",\"type\":\"message.created\",\"data\":{\"text\":\"whole\"}}");
        }));
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    @Test
    void readsMessagesWholeOrSplitOverFrames() throws Exception {
        int port = server();
        List<String> texts = new CopyOnWriteArrayList<>();
        List<String> ids = new CopyOnWriteArrayList<>();
        AgentSocket socket = new InboxClients(vertx, 0, 5_000)
                .connect(0, new SocketSpec(URI.create("ws://127.0.0.1:" + port + "/ws"), null), (s, frame, at) -> {
                    texts.add(frame.dataString("text"));
                    ids.add(frame.id());
                })
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (texts.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(List.of("split in three", "whole"), texts);
        assertEquals(List.of("1", "2"), ids);
        assertEquals(2, socket.framesRead(), "the pong is not counted");
    }
}
