package io.switchboard.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.Sql;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * R28's check of every request: a busy user's state is read again before it goes stale, so their
 * requests do not wait for PostgreSQL every two seconds; a revocation still counts within that time.
 */
@QuarkusTest
class RevocationsTest {

    private static final Duration BUSY_FOR = Duration.ofMillis(3 * Revocations.FRESH_FOR_NANOS / 1_000_000);

    @Inject
    Revocations revocations;

    @Inject
    MeterRegistry metrics;

    private double reads(String kind) {
        return metrics.counter("switchboard.revocations.reads", "kind", kind).count();
    }

    private boolean revoked(UUID agentId, int credentialsVersion) {
        return revocations.isRevoked(agentId, credentialsVersion).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void aBusyUsersRequestsWaitForTheirStateAtMostOnceAndARevocationStillCountsWithinTwoSeconds() {
        User agent = Inbox.withAgents(1).agent(0);
        UUID id = UUID.fromString(agent.id());
        int version = Integer.parseInt(Sql.text("select credentials_version::text from agent where id = ?::uuid", agent.id()));
        double waitedBefore = reads("waited");
        double aheadBefore = reads("ahead");

        // A request every 100 ms for three times the freshness: without reading ahead, two or three would wait.
        long end = System.nanoTime() + BUSY_FOR.toNanos();
        while (System.nanoTime() < end) {
            assertFalse(revoked(id, version));
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        assertTrue(reads("waited") - waitedBefore <= 1, "only a first request, if any, waited for PostgreSQL");
        assertTrue(reads("ahead") - aheadBefore >= 2, "the state was read ahead as it aged");

        Sql.update("update agent set active = false where id = ?::uuid", agent.id());
        long deactivated = System.nanoTime();
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100)).until(() -> revoked(id, version));
        assertTrue(System.nanoTime() - deactivated <= Revocations.FRESH_FOR_NANOS + Duration.ofMillis(500).toNanos(),
                "seen within the freshness bound (and a poll's slack)");
    }
}
