package io.switchboard.conversation.messaging;

/**
 * Raised inside a short path's transaction ({@link InboundShortPath}, {@link SendShortPath}) to
 * roll it back when the request needs the full path, which then answers it with every rule.
 */
final class NotShort extends RuntimeException {
    NotShort() {
        super(null, null, false, false);
    }
}
