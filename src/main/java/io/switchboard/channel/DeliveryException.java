package io.switchboard.channel;

/**
 * A failed send, by what it proves: nothing went out and it may be retried (5xx, 429, no connection),
 * nothing went out and it never will (4xx), or the request left and no answer came (a timeout): then
 * the message may have reached the contact, so it is never sent again.
 */
public class DeliveryException extends RuntimeException {

    public enum Kind { RETRY, PERMANENT, UNKNOWN_OUTCOME }

    private final Kind kind;

    public DeliveryException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
