package io.switchboard.channel;

/** The channel a sender speaks on; MMS travels as SMS with media (R1). */
public enum Channel {
    SMS, WHATSAPP
}
