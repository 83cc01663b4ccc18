package io.switchboard.webhook;

import io.switchboard.common.RedisKeys;
import com.vonage.client.messages.MessagesClient;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.SwitchboardConfig;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Vonage signed webhooks: an HS256 JWT in {@code Authorization: Bearer}, signed with the signature
 * secret, whose {@code payload_hash} claim is the SHA-256 of the body. A token older than
 * {@code switchboard.vonage.signature-max-age} (its {@code iat}) or seen before (its {@code jti},
 * remembered in Redis by every instance) is refused, so a captured webhook cannot be replayed.
 * Without a secret the service starts only when {@code switchboard.vonage.allow-unsigned} says
 * unsigned webhooks are meant, and then accepts them.
 */
@ApplicationScoped
public class WebhookSignature {

    /** A signing clock slightly ahead of ours is not a replay. */
    private static final long FUTURE_SKEW_SECONDS = 60;

    private final SwitchboardConfig config;
    private final ReactiveRedisDataSource redis;

    public WebhookSignature(SwitchboardConfig config, ReactiveRedisDataSource redis) {
        this.config = config;
        this.redis = redis;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.vonage().signatureSecret().isPresent()) {
            return;
        }
        if (!config.vonage().allowUnsigned()) {
            throw new IllegalStateException("switchboard.vonage.signature-secret is not set: anyone could forge webhooks "
                    + "(STOP, START, delivery receipts). Set it, or set switchboard.vonage.allow-unsigned=true to accept unsigned webhooks.");
        }
        String text = "Unsigned Vonage webhooks are accepted (switchboard.vonage.allow-unsigned=true): anyone who can reach "
                + "/webhooks can forge messages, opt-outs and receipts";
        if (ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getProfiles().contains("prod")) {
            Log.warn(text);
        } else {
            Log.info(text);
        }
    }

    /** Whether the webhook may be taken: signed with our secret, for this body, recent, and never seen before. */
    public Uni<Boolean> accepts(String authorization, String body) {
        String secret = config.vonage().signatureSecret().orElse(null);
        if (secret == null) {
            return Uni.createFrom().item(config.vonage().allowUnsigned());
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Uni.createFrom().item(false);
        }
        String jwt = authorization.substring(7).strip();
        JsonObject claims;
        try {
            if (!MessagesClient.verifySignature(jwt, secret)) {
                return Uni.createFrom().item(false);
            }
            claims = claims(jwt);
        } catch (RuntimeException e) {
            return Uni.createFrom().item(false);
        }
        if (!payloadHashMatches(claims, body) || !recent(claims)) {
            return Uni.createFrom().item(false);
        }
        String jti = claims.getString("jti");
        if (jti == null || jti.isBlank()) {
            return Uni.createFrom().item(false);
        }
        // First use wins, on any instance; the marker outlives the token's accepted age.
        long keepSeconds = config.vonage().signatureMaxAge().toSeconds() + FUTURE_SKEW_SECONDS;
        return redis.execute("SET", RedisKeys.webhookToken(jti), "1", "NX", "EX", String.valueOf(keepSeconds))
                .map(reply -> reply != null);
    }

    private boolean recent(JsonObject claims) {
        Object iat = claims.getValue("iat");
        if (!(iat instanceof Number issued)) {
            return false;
        }
        long now = Instant.now().getEpochSecond();
        return issued.longValue() <= now + FUTURE_SKEW_SECONDS
                && now - issued.longValue() <= config.vonage().signatureMaxAge().toSeconds();
    }

    private static JsonObject claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWT");
        }
        return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    private static boolean payloadHashMatches(JsonObject claims, String body) {
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
