package io.switchboard.common;

import io.vertx.sqlclient.ClosedConnectionException;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure of the infrastructure (PostgreSQL or Redis refusing, closing or not answering)
 * from a bug: the first is answered 503 {@code unavailable}, which clients may retry; the second 500.
 */
public final class Unavailability {

    private Unavailability() {
    }

    public static boolean isUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof ClosedChannelException || cause instanceof TimeoutException
                    // The reactive client's word for a connection lost under a statement (a backend cut, say).
                    || cause instanceof ClosedConnectionException) {
                return true;
            }
            String name = cause.getClass().getSimpleName();
            String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
            if (name.contains("Timeout") || message.contains("connection refused") || message.contains("connection closed")
                    || message.contains("connection was closed") || message.contains("terminating connection")
                    || message.contains("connection is closed") || message.contains("connection reset")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
