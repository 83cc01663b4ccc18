package io.switchboard.loadtest.support;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Numbers for one run. Senders are unique across the whole platform, so each run draws a random
 * one; contacts only need to be unique within the run's own workspace (a new contact number starts
 * a new conversation), so a counter does: one per JVM, because the quick run's scenarios share a
 * workspace.
 */
public final class PhoneNumbers {

    private static final AtomicInteger NEXT_CONTACT = new AtomicInteger();

    /** A fictional US 555 business number: 1 555 and seven random digits. */
    public static String randomSender() {
        return "1555" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
    }

    /** The next contact number of this run, E.164 digits as Vonage sends them. */
    public String nextContact() {
        return "1202" + String.format("%07d", NEXT_CONTACT.getAndIncrement());
    }
}
