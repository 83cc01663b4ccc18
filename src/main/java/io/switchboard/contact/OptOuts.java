package io.switchboard.contact;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.ApiException;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * R10 opt-out, held per (workspace, number): a STOP stops every message to that number on every
 * path that sends (replies, new conversations, templates, bulk), whichever contact row carries the
 * number now or later. Runs in the caller's Hibernate Reactive session and transaction.
 */
public final class OptOuts {

    private OptOuts() {
    }

    public static Uni<Boolean> isOptedOut(UUID workspaceId, String number) {
        return Panache.getSession().chain(session -> session
                        .createNativeQuery("select count(*) from opt_out where workspace_id = :ws and number = :number", Long.class)
                        .setParameter("ws", workspaceId).setParameter("number", number)
                        .getSingleResult())
                .map(count -> count > 0);
    }

    /** 422 contact_opted_out when the number texted STOP and not START since. */
    public static Uni<Void> requireOptedIn(UUID workspaceId, String number) {
        return isOptedOut(workspaceId, number).invoke(optedOut -> {
            if (optedOut) {
                throw new ApiException(422, "contact_opted_out", "The contact opted out (STOP); they must text START first");
            }
        }).replaceWithVoid();
    }

    /** R10 keywords: the whole message, any case. */
    public static final Set<String> OPT_OUT = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT");
    public static final Set<String> OPT_IN = Set.of("START", "UNSTOP");

    /** Whether the message is an opt-out or opt-in keyword. */
    public static boolean isKeyword(String text) {
        String word = word(text);
        return OPT_OUT.contains(word) || OPT_IN.contains(word);
    }

    /** The message as a keyword would be: the whole message, any case. */
    private static String word(String text) {
        return text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
    }

    /** A message from the contact: STOP or START change the number's opt-out (and the contact's flag shown to agents). */
    public static Uni<Void> follow(Contact contact, String text) {
        String word = word(text);
        if (OPT_OUT.contains(word)) {
            contact.optedOut = true;
            contact.optedOutAt = contact.optedOutAt == null ? Instant.now() : contact.optedOutAt;
            Log.infof("Number of contact %s opted out", contact.id);
            return optOut(contact.workspaceId, contact.number);
        }
        if (OPT_IN.contains(word)) {
            contact.optedOut = false;
            contact.optedOutAt = null;
            Log.infof("Number of contact %s opted back in", contact.id);
            return optIn(contact.workspaceId, contact.number);
        }
        return Uni.createFrom().voidItem();
    }

    static Uni<Void> optOut(UUID workspaceId, String number) {
        return execute("insert into opt_out (workspace_id, number) values (:ws, :number) on conflict do nothing", workspaceId, number);
    }

    static Uni<Void> optIn(UUID workspaceId, String number) {
        return execute("delete from opt_out where workspace_id = :ws and number = :number", workspaceId, number);
    }

    private static Uni<Void> execute(String sql, UUID workspaceId, String number) {
        return Panache.getSession().chain(session -> session.createNativeQuery(sql)
                .setParameter("ws", workspaceId).setParameter("number", number)
                .executeUpdate()).replaceWithVoid();
    }
}
