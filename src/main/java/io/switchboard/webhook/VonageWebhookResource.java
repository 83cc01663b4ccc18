package io.switchboard.webhook;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.channel.DeliveryReceipts;
import io.switchboard.common.ApiException;
import io.switchboard.common.ErrorBody;
import io.switchboard.conversation.messaging.InboundService;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/**
 * Vonage Messages API webhooks. They answer 200 once the message is stored (or known, or meant
 * for no sender of ours), 400 for a body that can never be stored, 401 for a bad signature, and
 * 503 when storage fails, so that Vonage retries later.
 */
@Path("/webhooks/vonage")
@Produces(MediaType.APPLICATION_JSON)
public class VonageWebhookResource {

    private final WebhookSignature signature;
    private final InboundService inbound;
    private final DeliveryReceipts receipts;

    public VonageWebhookResource(WebhookSignature signature, InboundService inbound, DeliveryReceipts receipts) {
        this.signature = signature;
        this.inbound = inbound;
        this.receipts = receipts;
    }

    @POST
    @Path("/inbound")
    public Uni<Response> inbound(@HeaderParam("Authorization") String authorization, String body) {
        return signature.accepts(authorization, body == null ? "" : body).chain(accepted -> {
            if (!accepted) {
                throw invalidSignature();
            }
            if (body == null || body.isBlank()) {
                throw new ApiException(400, "malformed_json", "The webhook body is empty");
            }
            return receiveInbound(body);
        });
    }

    private Uni<Response> receiveInbound(String body) {
        return InboundWebhookParser.parse(body)
                .map(message -> inbound.receive(message).map(outcome -> Response.ok(Map.of("result", outcome.name().toLowerCase())).build()))
                .orElseGet(() -> Uni.createFrom().item(Response.ok(Map.of("result", "unsupported_channel")).build()))
                .onFailure(failure -> !(failure instanceof ApiException)).recoverWithItem(VonageWebhookResource::retryLater);
    }

    @POST
    @Path("/status")
    public Uni<Response> status(@HeaderParam("Authorization") String authorization, String body) {
        return signature.accepts(authorization, body == null ? "" : body).chain(accepted -> {
            if (!accepted) {
                throw invalidSignature();
            }
            return applyReceipt(body);
        });
    }

    private static ApiException invalidSignature() {
        return new ApiException(401, "invalid_signature", "The webhook signature is missing, wrong, too old or already used");
    }

    private Uni<Response> applyReceipt(String body) {
        StatusWebhookParser.Receipt receipt = StatusWebhookParser.parse(body);
        if (receipt.status() == null) {
            return Uni.createFrom().item(Response.ok(Map.of("result", "ignored")).build());
        }
        return receipts.apply(receipt.clientRef(), receipt.providerMessageId(), receipt.status())
                .map(outcome -> Response.ok(Map.of("result", outcome.name().toLowerCase())).build())
                .onFailure(failure -> !(failure instanceof ApiException)).recoverWithItem(VonageWebhookResource::retryLater);
    }

    private static Response retryLater(Throwable failure) {
        Log.errorf(failure, "Webhook could not be stored; answering 503 so Vonage retries");
        return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody("unavailable", "Storage is unavailable; retry later")).build();
    }
}
