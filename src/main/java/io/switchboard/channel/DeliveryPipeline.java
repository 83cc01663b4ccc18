package io.switchboard.channel;

import io.switchboard.events.Recorder;
import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.event.Observes;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.events.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.reactive.messaging.annotations.Blocking;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Outbound delivery (R8) as a SmallRye Reactive Messaging pipeline: every instance leases due
 * outbox entries and emits their ids on the "deliveries" channel; a blocking consumer sends each
 * through Vonage on a worker thread and records the outcome. Transient failures come back later
 * with exponential backoff, permanent ones fail the message. A send whose answer never came may
 * have reached the contact: it is never sent again, only confirmed by a receipt or, after
 * {@code switchboard.delivery.confirm-timeout}, FAILED as unconfirmed (at most once toward Vonage).
 * The outbox survives restarts: an entry whose lease lapses before its send began is leased again;
 * one whose instance died during the call is treated as a send without an answer.
 */
@ApplicationScoped
public class DeliveryPipeline {

    static final String DELIVERIES = "deliveries";
    private static final int LEASE_BATCH = 50;
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static final Duration WAKE_SPACING = Duration.ofMillis(20);

    private final Outbox outbox;
    private final Messenger messenger;
    private final EventPublisher events;
    private final SwitchboardConfig.Delivery config;
    private final Emitter<UUID> deliveries;
    private final Vertx vertx;
    private volatile long lastLeaseMillis;
    private volatile boolean polling;

    public DeliveryPipeline(Outbox outbox, Messenger messenger, EventPublisher events, SwitchboardConfig config, Vertx vertx,
                            @Channel(DELIVERIES) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024) Emitter<UUID> deliveries) {
        this.vertx = vertx;
        this.outbox = outbox;
        this.messenger = messenger;
        this.events = events;
        this.config = config.delivery();
        this.deliveries = deliveries;
    }

    /** Polls on a Vert.x timer: the scheduler's one-second floor would add a second to every send. */
    void onStart(@Observes StartupEvent event) {
        if (!messenger.isConfigured()) {
            // Such an instance would fail every message it took; leave them to instances that can send.
            // Expected in dev and test (Vonage is out of reach); a production instance must not start unnoticed so.
            String text = "Vonage credentials are not configured (switchboard.vonage.*): this instance delivers no messages";
            if (LaunchMode.current() == LaunchMode.NORMAL) {
                Log.warn(text);
            } else {
                Log.info(text);
            }
            return;
        }
        polling = true;
        schedulePoll();
    }

    void onStop(@Observes ShutdownEvent event) {
        polling = false;
    }

    private void schedulePoll() {
        schedulePoll(config.pollInterval().toMillis());
    }

    /** A full batch means more may be due: the next poll follows at once, so a backlog is not paced by the interval. */
    private void schedulePoll(long delayMillis) {
        if (polling) {
            vertx.setTimer(Math.max(1, delayMillis), id -> {
                if (polling) { // not after shutdown, which may have come while the timer waited
                    settleUnconfirmed().chain(this::leaseDueMessages).subscribe().with(leased ->
                            schedulePoll(leased == LEASE_BATCH ? 1 : config.pollInterval().toMillis()));
                }
            });
        }
    }

    /**
     * A message queued on this instance falls due at {@code due}: it is leased then rather than at
     * the next poll (up to a poll interval later), unless a lease that began after it fell due took
     * it already. Wake-ups lease at most once per {@link #WAKE_SPACING}, so under load they take
     * batches as the polls do instead of one message each (which costs throughput).
     */
    public void dueAt(Instant due) {
        if (polling) {
            wakeAt(due.toEpochMilli());
        }
    }

    private void wakeAt(long dueMillis) {
        long at = Math.max(dueMillis, lastLeaseMillis + WAKE_SPACING.toMillis());
        vertx.setTimer(Math.max(1, at - System.currentTimeMillis() + 1), id -> {
            if (!polling || lastLeaseMillis > dueMillis) {
                return; // a lease began after it fell due: it took this message
            }
            if (System.currentTimeMillis() - lastLeaseMillis < WAKE_SPACING.toMillis()) {
                wakeAt(dueMillis); // another wake-up leased just now; look again after the spacing
                return;
            }
            leaseDueMessages().subscribe().with(leased -> { });
        });
    }

    /** Sends whose outcome stayed unknown past {@code confirm-timeout} fail, and their owners hear of it. */
    Uni<Void> settleUnconfirmed() {
        Recorder recorder = events.recorder();
        return outbox.settleUnconfirmed(config.confirmTimeout(), recorder)
                .invoke(failed -> failed.forEach(m ->
                        Log.warnf("Message %s: no receipt within %s; FAILED as unconfirmed", m.messageId(), config.confirmTimeout())))
                .call(recorder::relay)
                .replaceWithVoid()
                .onFailure().invoke(failure -> Log.warnf("Could not settle unconfirmed sends: %s", failure.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Leases due entries and hands them to the delivery channel; answers how many it took on. */
    Uni<Integer> leaseDueMessages() {
        lastLeaseMillis = System.currentTimeMillis();
        return outbox.lease(LEASE_BATCH, config.lease())
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<Boolean>of())
                        : Uni.join().all(ids.stream().map(this::emit).toList()).andFailFast())
                .map(taken -> (int) taken.stream().filter(Boolean::booleanValue).count())
                .onFailure().invoke(failure -> Log.warnf("Could not lease outbox entries: %s", failure.toString()))
                .onFailure().recoverWithItem(0);
    }

    /** True when the channel took it; a full channel gives the entry back for a later poll. */
    private Uni<Boolean> emit(UUID messageId) {
        try {
            deliveries.send(messageId);
            return Uni.createFrom().item(true);
        } catch (RuntimeException full) {
            return outbox.release(messageId).replaceWith(false);
        }
    }

    @Incoming(DELIVERIES)
    @Blocking(ordered = false)
    public void deliver(UUID messageId) {
        Recorder optedOut = events.recorder();
        Outgoing message = outbox.load(messageId, optedOut).call(optedOut::relay).await().atMost(AWAIT).orElse(null);
        if (message == null) {
            return;
        }
        if (!outbox.attemptStarting(messageId).await().atMost(AWAIT)) {
            return;
        }
        try {
            String providerId = messenger.send(message);
            Recorder recorder = events.recorder();
            outbox.sent(message, providerId, recorder).call(recorder::relay).await().atMost(AWAIT);
        } catch (DeliveryException e) {
            if (e.kind() == DeliveryException.Kind.UNKNOWN_OUTCOME) {
                Log.warnf("Message %s: %s; waiting for a receipt instead of sending again", messageId, e.getMessage());
                outbox.awaitReceipt(messageId, e.getMessage()).await().atMost(AWAIT);
            } else if (e.kind() == DeliveryException.Kind.RETRY && message.attempts() < config.maxAttempts()) {
                Duration delay = backoff(message.attempts());
                Log.infof("Message %s: %s; retry %d in %s", messageId, e.getMessage(), message.attempts(), delay);
                outbox.retryLater(messageId, delay, e.getMessage()).await().atMost(AWAIT);
            } else {
                Log.warnf("Message %s failed for good: %s", messageId, e.getMessage());
                Recorder recorder = events.recorder();
                outbox.failed(message, e.getMessage(), recorder).call(recorder::relay).await().atMost(AWAIT);
            }
        }
    }

    /** 2 s, 4 s, 8 s ... capped at a minute, with jitter so retries of a burst spread out. */
    private Duration backoff(int attempt) {
        long base = config.retryBackoff().toMillis() << Math.min(Math.max(attempt - 1, 0), 16);
        long capped = Math.min(base, MAX_BACKOFF.toMillis());
        return Duration.ofMillis(capped / 2 + (long) (Math.random() * capped / 2));
    }
}
