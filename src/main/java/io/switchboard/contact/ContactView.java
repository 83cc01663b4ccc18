package io.switchboard.contact;

import java.util.UUID;

/** A contact as conversations show it. */
public record ContactView(UUID id, String number, String name, Classification classification) {

    public static ContactView of(Contact contact) {
        return new ContactView(contact.id, contact.number, contact.name, contact.classification);
    }
}
