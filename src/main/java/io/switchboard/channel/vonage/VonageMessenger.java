package io.switchboard.channel.vonage;

import com.vonage.client.HttpConfig;
import com.vonage.client.VonageApiResponseException;
import com.vonage.client.VonageClient;
import com.vonage.client.messages.MessageRequest;
import com.vonage.client.messages.MessagesClient;
import com.vonage.client.messages.mms.MmsImageRequest;
import com.vonage.client.messages.sms.SmsTextRequest;
import com.vonage.client.messages.whatsapp.Locale;
import com.vonage.client.messages.whatsapp.WhatsappImageRequest;
import com.vonage.client.messages.whatsapp.WhatsappTemplateRequest;
import com.vonage.client.messages.whatsapp.WhatsappTextRequest;
import io.switchboard.channel.Channel;
import io.switchboard.channel.DeliveryException;
import io.switchboard.channel.DeliveryException.Kind;
import io.switchboard.channel.Messenger;
import io.switchboard.channel.Outgoing;
import io.switchboard.common.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

/**
 * Sends through the Vonage Messages API with the Vonage Java SDK. The SDK blocks: call
 * {@link #send} on a worker thread only. Our message id travels as client_ref, so receipts can be
 * matched even before the send's answer is recorded.
 */
@ApplicationScoped
public class VonageMessenger implements Messenger {

    private final SwitchboardConfig config;
    private volatile MessagesClient client;

    public VonageMessenger(SwitchboardConfig config) {
        this.config = config;
    }

    /** Whether API key and secret, or application id and private key, are set. */
    @Override
    public boolean isConfigured() {
        SwitchboardConfig.Vonage vonage = config.vonage();
        return (vonage.applicationId().isPresent() && vonage.privateKeyPath().isPresent())
                || (vonage.apiKey().isPresent() && vonage.apiSecret().isPresent());
    }

    /** Sends and answers Vonage's message_uuid; throws a {@link DeliveryException} saying whether to retry. */
    @Override
    public String send(Outgoing message) {
        MessageRequest request = request(message);
        try {
            return messages().sendMessage(request).getMessageUuid().toString();
        } catch (VonageApiResponseException e) {
            int status = e.getStatusCode();
            boolean retry = status == 429 || status >= 500;
            throw new DeliveryException(retry ? Kind.RETRY : Kind.PERMANENT, "Vonage answered " + status + ": " + e.getTitle(), e);
        } catch (DeliveryException e) {
            throw e;
        } catch (RuntimeException e) {
            if (neverConnected(e)) {
                throw new DeliveryException(Kind.RETRY, "Vonage unreachable: " + e.getMessage(), e);
            }
            // The request may have left (a read timeout, a connection dropped before the answer):
            // Vonage may have accepted it, so sending again could text the contact twice.
            throw new DeliveryException(Kind.UNKNOWN_OUTCOME, "no answer from Vonage: " + e.getMessage(), e);
        }
    }

    /** Whether the failure happened before any byte of the request could reach Vonage. */
    public static boolean neverConnected(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException || cause instanceof NoRouteToHostException
                    || cause.getClass().getSimpleName().equals("ConnectTimeoutException")) {
                return true;
            }
        }
        return false;
    }

    static MessageRequest request(Outgoing m) {
        String from = m.from();
        String to = m.to();
        String ref = m.messageId().toString();
        if (m.channel() == Channel.WHATSAPP) {
            if (m.whatsappTemplateName() != null) {
                return WhatsappTemplateRequest.builder().from(from).to(to).clientRef(ref)
                        .name(m.whatsappTemplateName())
                        .locale(WhatsappLanguages.of(m.whatsappLanguage()).orElse(Locale.ENGLISH))
                        .parameters(m.templateParameters().isEmpty() ? null : m.templateParameters())
                        .build();
            }
            if (m.mediaUrl() != null) {
                return WhatsappImageRequest.builder().from(from).to(to).clientRef(ref).url(m.mediaUrl()).caption(m.text()).build();
            }
            return WhatsappTextRequest.builder().from(from).to(to).clientRef(ref).text(m.text()).build();
        }
        if (m.mediaUrl() != null) {
            return MmsImageRequest.builder().from(from).to(to).clientRef(ref).url(m.mediaUrl()).caption(m.text()).build();
        }
        return SmsTextRequest.builder().from(from).to(to).clientRef(ref).text(m.text()).build();
    }

    private MessagesClient messages() {
        MessagesClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = build().getMessagesClient();
                }
                current = client;
            }
        }
        return current;
    }

    private VonageClient build() {
        SwitchboardConfig.Vonage vonage = config.vonage();
        String base = vonage.baseUrl();
        HttpConfig http = HttpConfig.builder()
                .baseUri(base)
                // Without this the SDK rewrites regional calls to {region}.host, which breaks a local stub.
                .regionalUriGetter(region -> base)
                .timeoutMillis((int) config.delivery().timeout().toMillis())
                .build();
        VonageClient.Builder builder = VonageClient.builder().httpConfig(http);
        if (vonage.applicationId().isPresent() && vonage.privateKeyPath().isPresent()) {
            builder.applicationId(vonage.applicationId().get()).privateKeyPath(vonage.privateKeyPath().get());
        } else if (vonage.apiKey().isPresent() && vonage.apiSecret().isPresent()) {
            builder.apiKey(vonage.apiKey().get()).apiSecret(vonage.apiSecret().get());
        } else {
            throw new DeliveryException(Kind.PERMANENT, "Vonage credentials are not configured (switchboard.vonage.*)", null);
        }
        return builder.build();
    }
}
