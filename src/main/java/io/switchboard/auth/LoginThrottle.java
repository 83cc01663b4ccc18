package io.switchboard.auth;

import io.switchboard.common.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.ApiException;
import io.switchboard.common.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Failed logins counted per username and per client address in Redis, so every instance refuses
 * the same guesser: past the limit within {@link #WINDOW}, logins answer 429 {@code too_many_attempts}
 * with {@code Retry-After}, the right password included. A successful login clears its username.
 */
@ApplicationScoped
public class LoginThrottle {

    static final Duration WINDOW = Duration.ofMinutes(15);

    /** Counts a failure and starts its window on the first. */
    private static final String FAIL = """
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
            return n""";

    private final ReactiveRedisDataSource redis;
    private final SwitchboardConfig.Auth config;

    public LoginThrottle(ReactiveRedisDataSource redis, SwitchboardConfig config) {
        this.redis = redis;
        this.config = config.auth();
    }

    private static String userKey(String username) {
        return RedisKeys.failedLoginsOfUser(username.strip().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return RedisKeys.failedLoginsFrom(address);
    }

    /** Seconds the key stays blocked: 0 while it has failures left. */
    private static final String BLOCKED_FOR = """
            local n = tonumber(redis.call('GET', KEYS[1]) or '0')
            if n >= tonumber(ARGV[1]) then return math.max(1, redis.call('TTL', KEYS[1])) end
            return 0""";

    /** 429 when the username or the address spent its failures. */
    public Uni<Void> check(String username, String address) {
        return blockedFor(userKey(username), config.maxFailedLogins())
                .chain(user -> user > 0 ? Uni.createFrom().item(user) : blockedFor(addressKey(address), config.maxFailedLoginsPerAddress()))
                .invoke(seconds -> {
                    if (seconds > 0) {
                        throw new ApiException(429, "too_many_attempts", "Too many failed logins; try again in " + seconds + " s",
                                Map.of("retryAfter", seconds));
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Long> blockedFor(String key, int limit) {
        return redis.execute("EVAL", BLOCKED_FOR, "1", key, String.valueOf(limit)).map(reply -> reply.toLong());
    }

    public Uni<Void> failed(String username, String address) {
        String window = String.valueOf(WINDOW.toSeconds());
        return redis.execute("EVAL", FAIL, "1", userKey(username), window)
                .chain(() -> redis.execute("EVAL", FAIL, "1", addressKey(address), window))
                .replaceWithVoid();
    }

    public Uni<Void> succeeded(String username) {
        return redis.execute("DEL", userKey(username)).replaceWithVoid();
    }
}
