package io.switchboard.channel;

import io.switchboard.events.Audience;

import java.util.List;
import java.util.UUID;

/** One message to hand to the provider, with everything the send needs. */
public record Outgoing(UUID messageId, UUID workspaceId, UUID conversationId, UUID queueId, UUID ownerId,
                       Channel channel, String from, String to, String text, String mediaUrl,
                       String whatsappTemplateName, String whatsappLanguage, List<String> templateParameters, int attempts) {

    /** message.status of this message, to those who see its conversation. */
    public MessageStatusChanged statusChanged(String status) {
        return new MessageStatusChanged(workspaceId, messageId, conversationId, status, Audience.conversation(queueId, ownerId));
    }
}
