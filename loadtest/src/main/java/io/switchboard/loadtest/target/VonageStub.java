package io.switchboard.loadtest.target;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Vonage Messages API's send call, as the service's tests stub it (VonageStub in src/test):
 * {@code POST /v1/messages} answers 202 {@code {"message_uuid": "<new uuid>"}}, after
 * {@code latencyMs} to play the provider's latency (timers, no thread blocked). Credentials are not
 * checked. It counts the sends it answered, and those whose {@code client_ref} (Switchboard's
 * message id) it had seen before, i.e. a message sent twice. {@code GET /stats} reports both.
 */
public final class VonageStub {

    private final long latencyMs;
    private final HttpServer server;
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final Set<String> clientRefs = ConcurrentHashMap.newKeySet();
    private final Vertx vertx;

    private VonageStub(Vertx vertx, long latencyMs) {
        this.vertx = vertx;
        this.latencyMs = latencyMs;
        this.server = vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true)).requestHandler(this::onRequest);
    }

    /** Listens on all addresses at {@code port}. */
    public static Future<VonageStub> start(Vertx vertx, int port, long latencyMs) {
        VonageStub stub = new VonageStub(vertx, latencyMs);
        return stub.server.listen(port, "0.0.0.0").map(stub);
    }

    public int port() {
        return server.actualPort();
    }

    public long served() {
        return served.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    public Future<Void> close() {
        return server.close();
    }

    private void onRequest(HttpServerRequest request) {
        if ("POST".equals(request.method().name()) && "/v1/messages".equals(request.path())) {
            request.body().onSuccess(body -> {
                String ref = clientRef(body.toString());
                if (ref != null && !clientRefs.add(ref)) {
                    duplicates.incrementAndGet();
                }
                if (latencyMs > 0) {
                    vertx.setTimer(latencyMs, id -> accept(request));
                } else {
                    accept(request);
                }
            });
        } else if ("/stats".equals(request.path())) {
            request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                    .put("served", served.get()).put("duplicates", duplicates.get()).put("latencyMs", latencyMs).encode());
        } else {
            request.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                    .end("{\"title\":\"Not Found\",\"detail\":\"vonage-stub answers POST /v1/messages only\"}");
        }
    }

    private void accept(HttpServerRequest request) {
        served.incrementAndGet();
        request.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("message_uuid", UUID.randomUUID().toString()).encode());
    }

    private static String clientRef(String body) {
        try {
            return new JsonObject(body).getString("client_ref");
        } catch (RuntimeException e) {
            return null;
        }
    }
}
