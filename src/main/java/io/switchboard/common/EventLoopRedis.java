package io.switchboard.common;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends the hottest Redis call, a claim's script, on a connection of the calling event loop's own,
 * and answers on that loop. The pooled client lends a connection to one call at a time: the call
 * waits for a free one, writes on the connection's event loop and is answered back on its own, so
 * in a claim storm each loser's answer waited for two busy event loops in turn (the script's wait
 * was most of a loser's time: see loadtest/README.md). A connection per event loop pipelines the
 * calls made there, with no hop. A connection that fails is dropped and made again on the next
 * call; calls made where there is no event loop, or on a Redis Cluster, use the pooled client.
 */
@ApplicationScoped
public class EventLoopRedis {

    private static final long RECONNECT_AFTER_MILLIS = 1000;

    private final ReactiveRedisDataSource pooled;
    private final Redis client;
    /** Names this instance's connections in Redis' CLIENT LIST, for an operator (and a test) to tell them apart. */
    private final String clientName = "switchboard-loop-" + UUID.randomUUID();
    /** Event-loop thread → its connection, or the connecting of it. */
    private final Map<Thread, Future<RedisConnection>> connections = new ConcurrentHashMap<>();

    public EventLoopRedis(ReactiveRedisDataSource pooled, Vertx vertx,
                          @ConfigProperty(name = "quarkus.redis.hosts") Optional<List<URI>> hosts,
                          @ConfigProperty(name = "quarkus.redis.password") Optional<String> password,
                          @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType) {
        this.pooled = pooled;
        this.client = "standalone".equalsIgnoreCase(clientType) && hosts.isPresent() && hosts.get().size() == 1
                ? Redis.createClient(vertx, options(hosts.get().get(0), password))
                : null;
    }

    private static RedisOptions options(URI host, Optional<String> password) {
        RedisOptions options = new RedisOptions().setConnectionString(host.toString())
                // One connection per event loop, and room for their replacements.
                .setMaxPoolSize(4 * Runtime.getRuntime().availableProcessors() + 4).setMaxPoolWaiting(64);
        password.ifPresent(options::setPassword);
        return options;
    }

    void close(@Observes ShutdownEvent event) {
        if (client != null) {
            client.close();
        }
    }

    /** Runs {@code EVAL script keys... args...} on this event loop's connection; the reply as text. */
    public Uni<String> eval(String script, String... keysAndArgs) {
        RedisConnection connection = client == null || !Context.isOnEventLoopThread() ? null : connectionOfThisLoop();
        if (connection == null) {
            String[] args = new String[keysAndArgs.length + 1];
            args[0] = script;
            System.arraycopy(keysAndArgs, 0, args, 1, keysAndArgs.length);
            return pooled.execute("EVAL", args).map(Object::toString);
        }
        Request request = Request.cmd(Command.EVAL).arg(script);
        for (String arg : keysAndArgs) {
            request.arg(arg);
        }
        Thread loop = Thread.currentThread();
        // Sent from the caller's context, so that the answer comes back on it (its request's state).
        return UniHelper.toUni(connection.send(request).onFailure(failure -> forget(loop, connection)).map(String::valueOf));
    }

    /** This loop's connection when it is ready; otherwise null (the call goes to the pool) and one is being made. */
    private RedisConnection connectionOfThisLoop() {
        Thread loop = Thread.currentThread();
        Future<RedisConnection> known = connections.get(loop);
        if (known != null) {
            return known.succeeded() ? known.result() : null;
        }
        Context current = Vertx.currentContext();
        if (current == null) {
            return null;
        }
        // Connected from the loop's own context, not the request's, so the connection keeps no request's state.
        ContextInternal base = ((ContextInternal) current).unwrap();
        Promise<RedisConnection> connected = base.promise();
        connections.put(loop, connected.future());
        base.runOnContext(v -> client.connect()
                .compose(connection -> connection.send(Request.cmd(Command.CLIENT).arg("SETNAME").arg(clientName)).map(connection)
                        .onFailure(failure -> connection.close()))
                .onComplete(connected));
        connected.future()
                .onSuccess(connection -> connection
                        .exceptionHandler(failure -> forget(loop, connection))
                        .endHandler(v -> forget(loop, connection)))
                // Redis is unreachable: this loop's calls use the pool, and try again to connect a second later.
                .onFailure(failure -> base.owner().setTimer(RECONNECT_AFTER_MILLIS, id -> connections.remove(loop, connected.future())));
        return null;
    }

    String clientName() {
        return clientName;
    }

    /** How many event loops have a connection ready. */
    int connected() {
        return (int) connections.values().stream().filter(Future::succeeded).count();
    }

    private void forget(Thread loop, RedisConnection connection) {
        Future<RedisConnection> known = connections.get(loop);
        if (known != null && known.succeeded() && known.result() == connection && connections.remove(loop, known)) {
            Log.debugf("Redis connection of %s dropped; the next call makes a new one", loop.getName());
            connection.close();
        }
    }
}
