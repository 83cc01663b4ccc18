package io.switchboard.channel;

/** A failed send: transient ones (5xx, 429, timeouts) are retried, permanent ones (4xx) fail the message. */
public class DeliveryException extends RuntimeException {

    private final boolean transientFailure;

    public DeliveryException(boolean transientFailure, String message, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
