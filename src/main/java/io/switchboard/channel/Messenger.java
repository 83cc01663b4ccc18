package io.switchboard.channel;

/**
 * The provider that carries outbound messages. The delivery pipeline knows only this; the Vonage
 * adapter ({@code channel.vonage}) provides it, so the pipeline's rules do not depend on one SDK.
 */
public interface Messenger {

    /** Whether the provider's credentials are set; without them nothing is delivered. */
    boolean isConfigured();

    /**
     * Sends and answers the provider's message id. Blocks: call it on a worker thread only.
     * Throws a {@link DeliveryException} saying whether sending again is safe.
     */
    String send(Outgoing message);
}
