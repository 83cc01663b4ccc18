package io.switchboard.channel;

import java.util.UUID;

/** One message to hand to the provider, with everything the send needs. */
public record Outgoing(UUID messageId, UUID workspaceId, UUID conversationId, UUID queueId, UUID ownerId,
                       Channel channel, String from, String to, String text, String mediaUrl,
                       String whatsappTemplateName, int attempts) {
}
