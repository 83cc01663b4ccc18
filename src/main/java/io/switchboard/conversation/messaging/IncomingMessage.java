package io.switchboard.conversation.messaging;

import io.switchboard.channel.Channel;

import java.time.Instant;

/** A message a contact sent, as any channel adapter hands it over (numbers already E.164 digits). */
public record IncomingMessage(String providerMessageId, String from, String to, Channel channel,
                              String text, String mediaUrl, String profileName, Instant sentAt) {

    /** The name to give a contact who has none: the WhatsApp profile name, stripped; null when there is none. */
    String contactName() {
        return profileName == null || profileName.isBlank() ? null : profileName.strip();
    }
}
