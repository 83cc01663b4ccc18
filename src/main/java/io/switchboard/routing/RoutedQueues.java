package io.switchboard.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.UUID;

/**
 * Whether a queue routes (R22) and offers (R24), read from PostgreSQL at most once per {@link #TTL} per instance, so
 * arrivals in manual queues, the common case, cost no query. A change made on another instance is
 * seen here within the TTL; meanwhile the routing sweep hands out what arrived.
 */
@ApplicationScoped
public class RoutedQueues {

    private static final Duration TTL = Duration.ofSeconds(5);

    /** How a queue hands out its conversations, as far as arrivals need to know. */
    record QueueRouting(boolean routed, Integer offerSeconds) {
        /** R24: it offers each conversation to one agent at a time instead of assigning it. */
        boolean offers() {
            return offerSeconds != null;
        }

        /** A routed queue without offers owns a new conversation as it arrives (R22); with offers it offers it (R24). */
        boolean assignsOnArrival() {
            return routed && !offers();
        }
    }

    private final Cache<UUID, QueueRouting> routing = Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(10_000).build();

    /** In the caller's Panache session. */
    Uni<QueueRouting> routing(UUID queueId) {
        QueueRouting known = routing.getIfPresent(queueId);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select routing_mode <> 'MANUAL', offer_seconds from inbox_queue where id = :queue", Object[].class)
                .setParameter("queue", queueId).getSingleResultOrNull())
                .map(row -> {
                    QueueRouting found = row == null ? new QueueRouting(false, null)
                            : new QueueRouting(Boolean.TRUE.equals(row[0]), row[1] == null ? null : ((Number) row[1]).intValue());
                    routing.put(queueId, found);
                    return found;
                });
    }

    /** This instance changed the queue's routing: read it afresh. */
    void forget(UUID queueId) {
        routing.invalidate(queueId);
    }
}
