package io.switchboard.channel.vonage;

import com.vonage.client.messages.MessagesClient;
import io.switchboard.common.SwitchboardConfig;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Vonage signed webhooks: an HS256 JWT in {@code Authorization: Bearer}, signed with the
 * signature secret, whose {@code payload_hash} claim is the SHA-256 of the body. Checked only
 * when switchboard.vonage.signature-secret is set.
 */
@ApplicationScoped
public class WebhookSignature {

    private final SwitchboardConfig config;

    public WebhookSignature(SwitchboardConfig config) {
        this.config = config;
    }

    public boolean isValid(String authorization, String body) {
        String secret = config.vonage().signatureSecret().orElse(null);
        if (secret == null) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        String jwt = authorization.substring(7).strip();
        try {
            return MessagesClient.verifySignature(jwt, secret) && payloadHashMatches(jwt, body);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean payloadHashMatches(String jwt, String body) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return false;
        }
        JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        String claimed = claims.getString("payload_hash");
        return claimed != null && MessageDigest.isEqual(
                claimed.toLowerCase().getBytes(StandardCharsets.US_ASCII),
                sha256Hex(body).getBytes(StandardCharsets.US_ASCII));
    }

    static String sha256Hex(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
