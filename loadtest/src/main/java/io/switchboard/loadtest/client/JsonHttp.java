package io.switchboard.loadtest.client;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.net.URI;

/**
 * JSON over HTTP/1.1 to one base URL. The pool is large because a claim storm sends one request
 * per agent at the same moment, and each needs its own connection to really be simultaneous.
 */
public final class JsonHttp {

    private final HttpClient client;
    private final URI base;
    private final int timeoutMs;
    private final Context context;

    public JsonHttp(Vertx vertx, String baseUrl, int poolSize, int timeoutMs) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        this.timeoutMs = timeoutMs;
        this.context = vertx.getOrCreateContext();
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setPipelining(false).setConnectTimeout(timeoutMs),
                new PoolOptions().setHttp1MaxSize(poolSize).setMaxWaitQueueSize(-1));
    }

    public URI base() {
        return base;
    }

    public Future<ApiResponse> get(String path, String token) {
        return send(HttpMethod.GET, path, token, null);
    }

    public Future<ApiResponse> post(String path, String token, JsonObject body) {
        return send(HttpMethod.POST, path, token, body);
    }

    public Future<ApiResponse> put(String path, String token, JsonObject body) {
        return send(HttpMethod.PUT, path, token, body);
    }

    /**
     * Sends from a Vert.x context: called from a plain thread (a scenario's loop), the call moves to
     * this client's own context first. Requests sent from plain threads each got a throwaway context,
     * and about one storm in 300 lost a response body: the server had answered (its access log showed
     * all 50), the headers had arrived, and {@code body()} never completed, on one pooled connection
     * several times in a row.
     */
    public Future<ApiResponse> send(HttpMethod method, String path, String token, JsonObject body) {
        if (Vertx.currentContext() != null) {
            return sendHere(method, path, token, body);
        }
        Promise<ApiResponse> answer = Promise.promise();
        context.runOnContext(ignored -> sendHere(method, path, token, body).onComplete(answer));
        return answer.future();
    }

    private Future<ApiResponse> sendHere(HttpMethod method, String path, String token, JsonObject body) {
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setHost(base.getHost())
                .setPort(base.getPort() > 0 ? base.getPort() : 80)
                .setURI(base.getRawPath() + path)
                // Bounds the wait for a pooled connection too, which the request timeout does not
                // cover: a request that never leaves this JVM fails by name instead of hanging.
                .setConnectTimeout(timeoutMs)
                .setTimeout(timeoutMs);
        if (token != null) {
            options.putHeader("Authorization", "Bearer " + token);
        }
        if (body != null) {
            options.putHeader("Content-Type", "application/json");
        }
        Buffer payload = body == null ? Buffer.buffer() : body.toBuffer();
        return client.request(options)
                .compose(request -> request.send(payload))
                .compose(response -> response.body().map(buffer -> new ApiResponse(response.statusCode(), buffer)));
    }

    /** A call that must answer the given status; anything else fails the future with the answer. */
    public static Future<JsonObject> expect(Future<ApiResponse> call, int status, String what) {
        return call.compose(response -> response.status() == status
                ? Future.succeededFuture(response.json())
                : Future.failedFuture(what + " answered " + response.status() + " " + response.body()));
    }

    public Future<Void> close() {
        return client.close();
    }
}
