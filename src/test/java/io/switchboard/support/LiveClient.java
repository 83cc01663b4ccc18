package io.switchboard.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plain Vert.x WebSocket client of /ws/inbox for tests: it records every frame, so a test can
 * wait for an event or check one never came. Usable with or without Quarkus in the test JVM.
 */
public final class LiveClient implements AutoCloseable {

    private static final Vertx VERTX = Vertx.vertx();

    private final List<JsonObject> frames = new CopyOnWriteArrayList<>();
    private final WebSocket socket;
    private volatile Short closeCode;

    private LiveClient(WebSocket socket) {
        this.socket = socket;
        socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
        socket.closeHandler(v -> closeCode = socket.closeStatusCode());
    }

    public static LiveClient connect(URI base, String token) {
        return connect(base, token, null);
    }

    /** Connects with the token in the Authorization header, resuming after lastEventId when given. */
    public static LiveClient connect(URI base, String token, String lastEventId) {
        WebSocketConnectOptions options = options(base, "/ws/inbox" + (lastEventId == null ? "" : "?lastEventId=" + lastEventId));
        options.addHeader("Authorization", "Bearer " + token);
        return open(options, new HttpClientOptions());
    }

    /** Connects as browsers do, with ?access_token=. */
    public static LiveClient connectWithQueryToken(URI base, String token) {
        return open(options(base, "/ws/inbox?access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)), new HttpClientOptions());
    }

    /**
     * Connects as the web client does: the token in the Sec-WebSocket-Protocol header
     * (websockets-next's {@code quarkus-http-upgrade#Authorization#Bearer ...} form), never in the URL.
     * Answers the subprotocol the server agreed to.
     */
    public static String connectWithSubprotocolToken(URI base, String token) {
        WebSocketConnectOptions options = options(base, "/ws/inbox")
                .setSubProtocols(List.of("bearer-token-carrier",
                        URLEncoder.encode("quarkus-http-upgrade#Authorization#Bearer " + token, StandardCharsets.UTF_8)));
        try (LiveClient client = open(options, new HttpClientOptions())) {
            return client.socket.subProtocol();
        }
    }

    /** Connects with a tiny receive buffer, for clients that read too slowly. */
    public static LiveClient connectSmallBuffer(URI base, String token) {
        WebSocketConnectOptions options = options(base, "/ws/inbox");
        options.addHeader("Authorization", "Bearer " + token);
        return open(options, new HttpClientOptions().setReceiveBufferSize(1024));
    }

    /** The HTTP status with which the upgrade was refused, or 101 if it was accepted. */
    public static int upgradeStatus(URI base, String tokenOrNull) {
        WebSocketConnectOptions options = options(base, "/ws/inbox");
        if (tokenOrNull != null) {
            options.addHeader("Authorization", "Bearer " + tokenOrNull);
        }
        HttpClient client = VERTX.createHttpClient();
        try {
            WebSocket ws = client.webSocket(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            ws.close();
            return 101;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                return rejected.getStatus();
            }
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            client.close();
        }
    }

    private static WebSocketConnectOptions options(URI base, String path) {
        return new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort()).setURI(path);
    }

    /** Connects without waiting for the session to open: for sockets the server is expected to refuse. */
    public static LiveClient connectRaw(URI base, String token) {
        WebSocketConnectOptions options = options(base, "/ws/inbox");
        options.addHeader("Authorization", "Bearer " + token);
        try {
            return VERTX.createHttpClient().webSocket(options).map(LiveClient::new)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not open the inbox stream", e);
        }
    }

    private static LiveClient open(WebSocketConnectOptions options, HttpClientOptions clientOptions) {
        try {
            // The handlers are set on the event loop as the upgrade completes: set later, from this
            // thread, they could miss the first frames of a resume, which the server sends at once.
            LiveClient client = VERTX.createHttpClient(clientOptions).webSocket(options).map(LiveClient::new)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            client.awaitRegistered();
            return client;
        } catch (Exception e) {
            throw new IllegalStateException("Could not open the inbox stream", e);
        }
    }

    /** A pong proves the server finished opening the session, so no event published from now on is missed. */
    private void awaitRegistered() {
        send(new JsonObject().put("type", "ping"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !events("pong").isEmpty());
        frames.removeIf(f -> "pong".equals(f.getString("type")));
    }

    public List<JsonObject> frames() {
        return List.copyOf(frames);
    }

    public List<JsonObject> events(String type) {
        return frames.stream().filter(f -> type.equals(f.getString("type"))).toList();
    }

    public JsonObject awaitEvent(String type, Predicate<JsonObject> match) {
        return awaitEvent(type, Duration.ofSeconds(10), match);
    }

    public JsonObject awaitEvent(String type, Duration within, Predicate<JsonObject> match) {
        await().atMost(within).until(() -> events(type).stream().anyMatch(match));
        return events(type).stream().filter(match).findFirst().orElseThrow();
    }

    public JsonObject awaitEvent(String type) {
        return awaitEvent(type, f -> true);
    }

    /**
     * Every message this client heard of, in order, as message.created frames: those sent as such,
     * and the first message of a conversation, which comes inside its conversation.created
     * (API.md "Version 2": one frame per change).
     */
    public List<JsonObject> messages() {
        return messagesIn(frames);
    }

    /** The messages among {@code frames}, as {@link #messages()} reads them. */
    public static List<JsonObject> messagesIn(List<JsonObject> frames) {
        return frames.stream().map(f -> switch (String.valueOf(f.getString("type"))) {
            case "message.created" -> f;
            case "conversation.created" -> f.getJsonObject("data").containsKey("message")
                    ? new JsonObject().put("id", f.getString("id")).put("type", "message.created").put("ts", f.getString("ts"))
                    .put("data", f.getJsonObject("data").getJsonObject("message"))
                    : null;
            default -> null;
        }).filter(Objects::nonNull).toList();
    }

    public JsonObject awaitMessage(Predicate<JsonObject> match) {
        return awaitMessage(Duration.ofSeconds(10), match);
    }

    public JsonObject awaitMessage() {
        return awaitMessage(f -> true);
    }

    public JsonObject awaitMessage(Duration within, Predicate<JsonObject> match) {
        await().atMost(within).until(() -> messages().stream().anyMatch(match));
        return messages().stream().filter(match).findFirst().orElseThrow();
    }

    /** Like {@link #assertNoEventBefore} for {@link #messages()}. */
    public void assertNoMessageBefore(Predicate<JsonObject> match, JsonObject barrier) {
        int end = frames.indexOf(barrier);
        assertTrue(end >= 0, "the barrier is one of this client's frames");
        assertTrue(messagesIn(frames.subList(0, end)).stream().noneMatch(match), () -> "Unexpected message in " + frames);
    }

    public void assertNoMessageSoFar(Predicate<JsonObject> match) {
        assertTrue(messages().stream().noneMatch(match), () -> "Unexpected message in " + frames);
    }

    /** The bell count last pushed to this client (bell.updated, or data.bell of any event), or -1 when none was. */
    public int bell() {
        int count = -1;
        for (JsonObject frame : List.copyOf(frames)) {
            JsonObject data = frame.getJsonObject("data");
            if ("bell.updated".equals(frame.getString("type"))) {
                count = data.getInteger("count");
            } else if (data != null && data.containsKey("bell")) {
                count = data.getInteger("bell");
            }
        }
        return count;
    }

    /**
     * Checks that no such event came before {@code barrier}, an event of the same workspace caused
     * after the one that must not come (see {@link Barrier}): the stream is totally ordered per
     * workspace, so once the barrier is here, everything before it is too. No waiting on a clock.
     */
    public void assertNoEventBefore(String type, Predicate<JsonObject> match, JsonObject barrier) {
        int end = frames.indexOf(barrier);
        assertTrue(end >= 0, "the barrier is one of this client's frames");
        assertTrue(frames.subList(0, end).stream().filter(f -> type.equals(f.getString("type"))).noneMatch(match),
                () -> "Unexpected " + type + " in " + frames);
    }

    /** Checks that no such event arrived so far (for clients no event of the workspace is meant for). */
    public void assertNoEventSoFar(String type, Predicate<JsonObject> match) {
        assertTrue(events(type).stream().noneMatch(match), () -> "Unexpected " + type + " in " + frames);
    }

    public String lastEventId() {
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (frames.get(i).containsKey("id")) {
                return frames.get(i).getString("id");
            }
        }
        return null;
    }

    public void send(JsonObject frame) {
        socket.writeTextMessage(frame.encode());
    }

    public void pause() {
        socket.pause();
    }

    public void resume() {
        socket.resume();
    }

    public Short closeCode() {
        return closeCode;
    }

    public boolean isClosed() {
        return socket.isClosed() || closeCode != null;
    }

    @Override
    public void close() {
        if (!socket.isClosed()) {
            socket.close();
        }
    }
}
