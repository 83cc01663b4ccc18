package io.switchboard.contact;

/** How the business sees a contact (R18); null means unknown. */
public enum Classification {
    LEAD, CUSTOMER
}
