package io.switchboard.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.UUID;

/**
 * Whether a queue routes (R22), read from PostgreSQL at most once per {@link #TTL} per instance, so
 * arrivals in manual queues, the common case, cost no query. A change made on another instance is
 * seen here within the TTL; meanwhile the routing sweep hands out what arrived.
 */
@ApplicationScoped
public class RoutedQueues {

    private static final Duration TTL = Duration.ofSeconds(5);

    private final Cache<UUID, Boolean> routed = Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(10_000).build();

    /** In the caller's Panache session. */
    Uni<Boolean> isRouted(UUID queueId) {
        Boolean known = routed.getIfPresent(queueId);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select routing_mode <> 'MANUAL' from inbox_queue where id = :queue", Boolean.class)
                .setParameter("queue", queueId).getSingleResultOrNull())
                .map(yes -> {
                    boolean isRouted = Boolean.TRUE.equals(yes);
                    routed.put(queueId, isRouted);
                    return isRouted;
                });
    }

    /** This instance changed the queue's routing: read it afresh. */
    void forget(UUID queueId) {
        routed.invalidate(queueId);
    }
}
