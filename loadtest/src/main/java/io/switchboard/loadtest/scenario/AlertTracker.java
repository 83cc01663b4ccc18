package io.switchboard.loadtest.scenario;

import io.switchboard.loadtest.client.AgentSocket;
import io.switchboard.loadtest.client.Frame;
import io.switchboard.loadtest.support.Latency;

import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Matches {@code conversation.created} alerts to the inbound messages that caused them, by the
 * contact number (unique per message in these scenarios), and measures from the webhook's send time
 * to each listener's receipt. Every listener must get every alert exactly once. Messages into a
 * conversation that exists already are matched the same way by their text ({@code message.created},
 * {@link #expectMessage}).
 */
final class AlertTracker {

    static final String CREATED = "conversation.created";
    static final String MESSAGE = "message.created";

    /** A group of messages measured together (the fanout run, or one storm step). */
    static final class Window {
        final Latency latency = new Latency();
        final AtomicLong expected = new AtomicLong();
        final AtomicLong received = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();

        long missing() {
            return Math.max(0, expected.get() - received.get());
        }
    }

    private record Sent(long nanos, Window window, BitSet receivedBy) {
    }

    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    /** Text of a message into an existing conversation → when it was sent. */
    private final Map<String, Sent> messages = new ConcurrentHashMap<>();
    /** Contact number → conversation id, learnt from the first alert. */
    private final Map<String, String> conversations = new ConcurrentHashMap<>();
    private final AtomicLong unknown = new AtomicLong();

    /** Records that a message from {@code contact} was sent at {@code nanos}, to reach {@code listeners} sockets. */
    void expect(String contact, long nanos, Window window, int listeners) {
        window.expected.addAndGet(listeners);
        sent.put(contact, new Sent(nanos, window, new BitSet(listeners)));
    }

    /** Records that a message with this (unique) text was sent at {@code nanos} into an existing conversation, to reach {@code listeners} sockets. */
    void expectMessage(String text, long nanos, Window window, int listeners) {
        window.expected.addAndGet(listeners);
        messages.put(text, new Sent(nanos, window, new BitSet()));
    }

    /** The frame listener: called for every frame of every socket. */
    void onFrame(AgentSocket socket, Frame frame, long receivedNanos) {
        if (MESSAGE.equals(frame.type())) {
            Sent message = messages.get(String.valueOf(frame.dataString("text")));
            if (message != null) {
                received(message, socket, receivedNanos);
            }
            return;
        }
        if (!CREATED.equals(frame.type())) {
            return;
        }
        String number = frame.dataString("contact", "number");
        Sent message = number == null ? null : sent.get(number);
        if (message == null) {
            unknown.incrementAndGet();
            return;
        }
        if (!conversations.containsKey(number)) { // the first listener's alert names it; the rest need not be scanned again
            String id = frame.dataString("id");
            if (id != null) {
                conversations.putIfAbsent(number, id);
            }
        }
        received(message, socket, receivedNanos);
    }

    private static void received(Sent message, AgentSocket socket, long receivedNanos) {
        boolean first;
        synchronized (message.receivedBy()) {
            first = !message.receivedBy().get(socket.index());
            message.receivedBy().set(socket.index());
        }
        if (first) {
            message.window().latency.recordSince(message.nanos(), receivedNanos);
            message.window().received.incrementAndGet();
        } else {
            message.window().duplicates.incrementAndGet();
        }
    }

    String conversationOf(String contact) {
        return conversations.get(contact);
    }

    /** Alerts about contacts this run never sent (another run's workspace cannot leak here: would be a bug). */
    long unknownAlerts() {
        return unknown.get();
    }
}
