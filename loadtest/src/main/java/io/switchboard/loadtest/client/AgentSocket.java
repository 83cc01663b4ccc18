package io.switchboard.loadtest.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketFrame;

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
    /** Messages other than pongs, and their bytes: what reading them costs depends on their size. */
    private final AtomicLong framesRead = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    /** A text message's frames so far, until its final frame (on the socket's event loop only). */
    private Buffer fragments;

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

    public long bytesRead() {
        return bytesRead.get();
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
            fragments = null;
            Promise<Void> ready = Promise.promise();
            ws.frameHandler(frame -> onFrame(frame, ready));
            ws.closeHandler(ignored -> onClose(ws.closeStatusCode() == null ? -1 : ws.closeStatusCode()));
            ws.writeTextMessage(PING);
            return ready.future().timeout(timeoutMs, TimeUnit.MILLISECONDS);
        });
    }

    /**
     * Reads text messages from their frames' bytes, not through {@code textMessageHandler}: that
     * decodes every message into a String first, which at 10,000 sockets was a tenth of the tool's
     * CPU. A message split over several frames (not seen from the service so far) is put together.
     */
    private void onFrame(WebSocketFrame wsFrame, Promise<Void> ready) {
        long received = System.nanoTime();
        if (!wsFrame.isText() && !(wsFrame.isContinuation() && fragments != null)) {
            return; // control frames are Vert.x's; the service sends no binary messages
        }
        Buffer data = wsFrame.binaryData();
        if (!wsFrame.isFinal()) {
            fragments = fragments == null ? data.copy() : fragments.appendBuffer(data);
            return;
        }
        if (fragments != null) {
            data = fragments.appendBuffer(data);
            fragments = null;
        }
        onMessage(Frame.of(data), received, ready);
    }

    private void onMessage(Frame frame, long received, Promise<Void> ready) {
        if ("pong".equals(frame.type())) {
            ready.tryComplete();
            return;
        }
        framesRead.incrementAndGet();
        bytesRead.addAndGet(frame.length());
        if (frame.id() != null) {
            lastEventId = frame.id();
        }
        listener.onFrame(this, frame, received);
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
