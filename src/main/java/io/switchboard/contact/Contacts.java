package io.switchboard.contact;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import java.time.Instant;
import java.util.UUID;

/** Finding contacts by number, creating them on first sight (R18). */
public final class Contacts {

    private Contacts() {
    }

    /**
     * The workspace's contact for a number, created if unknown. Concurrent first messages from one
     * number create one contact: the insert yields to the unique (workspace, number) constraint.
     * Must run inside a transaction.
     */
    public static Uni<Contact> findOrCreate(UUID workspaceId, String number) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into contact (id, workspace_id, number, country, created_at, opted_out)
                        values (:id, :workspace, :number, :country, :now,
                                exists (select 1 from opt_out o where o.workspace_id = :workspace and o.number = :number))
                        on conflict (workspace_id, number) do nothing""")
                .setParameter("id", UUID.randomUUID())
                .setParameter("workspace", workspaceId)
                .setParameter("number", number)
                .setParameter("country", PhoneNumbers.countryOf(number))
                .setParameter("now", Instant.now())
                .executeUpdate())
                .chain(() -> Contact.<Contact>find("workspaceId = ?1 and number = ?2", workspaceId, number).singleResult());
    }

    /**
     * The contact who just wrote in, created on first sight, with its last inbound time moved
     * forward to {@code sentAt} (webhooks may arrive out of order: it never moves back), in one
     * statement. The row stays locked until the transaction ends, so messages from one number
     * are taken one at a time. Must run inside a transaction.
     */
    public static Uni<Contact> receivedFrom(UUID workspaceId, String number, Instant sentAt) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into contact (id, workspace_id, number, country, created_at, last_inbound_at, opted_out)
                        values (:id, :workspace, :number, :country, :now, :sent,
                                exists (select 1 from opt_out o where o.workspace_id = :workspace and o.number = :number))
                        on conflict (workspace_id, number)
                        do update set last_inbound_at = greatest(contact.last_inbound_at, excluded.last_inbound_at)
                        returning *""", Contact.class)
                .setParameter("id", UUID.randomUUID())
                .setParameter("workspace", workspaceId)
                .setParameter("number", number)
                .setParameter("country", PhoneNumbers.countryOf(number))
                .setParameter("now", Instant.now())
                .setParameter("sent", sentAt)
                .getSingleResult());
    }

    /** Masks a number for logs: never log whole phone numbers. */
    public static String masked(String number) {
        return number == null || number.length() < 4 ? "****" : "*".repeat(number.length() - 4) + number.substring(number.length() - 4);
    }
}
