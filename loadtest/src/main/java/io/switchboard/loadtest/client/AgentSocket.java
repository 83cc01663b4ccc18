package io.switchboard.loadtest.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One listener's live stream. It counts as connected only after a ping is answered: the server
 * handles frames only once the session is registered, so from the pong on no alert can be missed.
 * A close with 4000 (too slow) is resumed with lastEventId, as a real client would.
 */
public final class AgentSocket {

    private static final String PING = "{\"type\":\"ping\"}";
    /** The service's resumable close code for a session whose outbound buffer overflowed. */
    private static final short TOO_SLOW = 4000;

    private final int index;
    private final WebSocketClient client;
    private final SocketSpec spec;
    private final FrameListener listener;
    private final int timeoutMs;
    private volatile WebSocket socket;
    private volatile String lastEventId;
    private volatile boolean closing;
    private volatile int resumes;
    /** Close code of an unexpected close that was not resumed, 0 while open. */
    private volatile int lostWithCode;
    /** Frames other than pongs, and their characters: what reading them costs depends on their size. */
    private final AtomicLong framesRead = new AtomicLong();
    private final AtomicLong charactersRead = new AtomicLong();

    AgentSocket(int index, WebSocketClient client, SocketSpec spec, FrameListener listener, int timeoutMs) {
        this.index = index;
        this.client = client;
        this.spec = spec;
        this.listener = listener;
        this.timeoutMs = timeoutMs;
    }

    /** Which listener (agent) this is, as numbered by the scenario. */
    public int index() {
        return index;
    }

    public boolean isLost() {
        return lostWithCode != 0;
    }

    public long framesRead() {
        return framesRead.get();
    }

    public long charactersRead() {
        return charactersRead.get();
    }

    public int lostWithCode() {
        return lostWithCode;
    }

    public int resumes() {
        return resumes;
    }

    Future<AgentSocket> open() {
        return connect(null).map(this);
    }

    private Future<Void> connect(String resumeAfter) {
        return client.connect(spec.options(resumeAfter, timeoutMs)).compose(ws -> {
            socket = ws;
            Promise<Void> ready = Promise.promise();
            ws.textMessageHandler(text -> onText(text, ready));
            ws.closeHandler(ignored -> onClose(ws.closeStatusCode() == null ? -1 : ws.closeStatusCode()));
            ws.writeTextMessage(PING);
            return ready.future().timeout(timeoutMs, TimeUnit.MILLISECONDS);
        });
    }

    private void onText(String text, Promise<Void> ready) {
        long received = System.nanoTime();
        JsonObject frame = new JsonObject(text);
        String type = frame.getString("type", "");
        if ("pong".equals(type)) {
            ready.tryComplete();
            return;
        }
        framesRead.incrementAndGet();
        charactersRead.addAndGet(text.length());
        String id = frame.getString("id");
        if (id != null) {
            lastEventId = id;
        }
        listener.onFrame(this, type, frame.getJsonObject("data"), received);
    }

    private void onClose(int code) {
        if (closing) {
            return;
        }
        if (code == TOO_SLOW) {
            resumes++;
            connect(lastEventId).onFailure(failure -> lostWithCode = TOO_SLOW);
            return;
        }
        lostWithCode = code;
    }

    public Future<Void> close() {
        closing = true;
        WebSocket ws = socket;
        return ws == null || ws.isClosed() ? Future.succeededFuture() : ws.close();
    }
}
