package io.switchboard.contact;

import java.time.Instant;
import java.util.UUID;

/** A contact as the contacts API shows it (R18). */
public record ContactDetails(UUID id, String number, String name, Classification classification, String country,
                             String notes, boolean optedOut, Instant createdAt) {

    static ContactDetails of(Contact contact) {
        return new ContactDetails(contact.id, contact.number, contact.name, contact.classification, contact.country,
                contact.notes, contact.optedOut, contact.createdAt);
    }
}
