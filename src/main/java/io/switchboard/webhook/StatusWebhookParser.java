package io.switchboard.webhook;

import com.fasterxml.jackson.databind.ObjectReader;
import com.vonage.client.Jsonable;
import com.vonage.client.messages.MessageStatus;
import io.switchboard.channel.DeliveryReceipts;
import io.switchboard.common.ApiException;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;

/** Reads a Vonage Messages API status webhook through the SDK's own model. */
final class StatusWebhookParser {

    /**
     * The SDK's own mapper settings, built once: {@code MessageStatus.fromJson} builds a new ObjectMapper
     * (and all its deserializers) on every call, which was a tenth of the CPU of an inbound storm.
     */
    private static final ObjectReader READER = Jsonable.createDefaultObjectMapper().readerFor(MessageStatus.class);

    /** The receipt; status is null for one we do not track. clientRef is our message id when we sent it. */
    record Receipt(UUID clientRef, String providerMessageId, String status) {
    }

    private StatusWebhookParser() {
    }

    static Receipt parse(String body) {
        if (body == null || body.isBlank()) {
            throw new ApiException(400, "malformed_json", "The webhook body is empty");
        }
        MessageStatus status;
        try {
            status = READER.readValue(body);
        } catch (IOException | RuntimeException e) {
            throw new ApiException(400, "malformed_json", "The webhook body is not a Vonage message status");
        }
        if (status.getMessageUuid() == null) {
            throw new ApiException(400, "invalid_field", "message_uuid is required", Map.of("field", "message_uuid"));
        }
        if (status.getStatus() == null) {
            throw new ApiException(400, "invalid_field", "status is required", Map.of("field", "status"));
        }
        UUID clientRef = null;
        try {
            clientRef = status.getClientRef() == null ? null : UUID.fromString(status.getClientRef());
        } catch (IllegalArgumentException notOurs) {
            // A client_ref we did not set: match by message_uuid alone.
        }
        return new Receipt(clientRef, status.getMessageUuid().toString(), DeliveryReceipts.statusOf(status.getStatus().toString()));
    }
}
