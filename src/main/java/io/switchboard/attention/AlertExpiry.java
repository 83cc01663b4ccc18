package io.switchboard.attention;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.switchboard.events.Recount;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * R3: an unclaimed alert stays visible for switchboard.alert-ttl. The count already ignores older
 * ones; this sweep removes them and pushes the lowered bells. Any instance may sweep: removing an
 * alert twice is harmless.
 */
@ApplicationScoped
public class AlertExpiry {

    private static final long SWEEP_MILLIS = 30_000;

    private final Bell bell;
    private final Vertx vertx;
    private long timer = -1;

    public AlertExpiry(Bell bell, Vertx vertx) {
        this.bell = bell;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(SWEEP_MILLIS, id -> sweep().subscribe().with(
                swept -> { }, failure -> Log.warnf("Alert expiry sweep failed: %s", failure.toString())));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Expires due alerts; answers how many. */
    public Uni<Integer> sweep() {
        return bell.expired(500).chain(expired -> Multi.createFrom().iterable(expired)
                .onItem().transformToUniAndConcatenate(alert -> bell.leaveQueue(alert[0], alert[1], alert[2])
                        .chain(() -> bell.refresh(alert[0], Recount.queueAnd(alert[1]))))
                .collect().asList()
                .map(done -> expired.size()));
    }
}
