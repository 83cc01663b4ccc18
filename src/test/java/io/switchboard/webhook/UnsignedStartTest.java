package io.switchboard.webhook;

import io.switchboard.common.SwitchboardConfig;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without a signature secret the service refuses to start, unless unsigned webhooks are allowed explicitly. */
class UnsignedStartTest {

    private static SwitchboardConfig config(Optional<String> secret, boolean allowUnsigned) {
        SwitchboardConfig.Vonage vonage = (SwitchboardConfig.Vonage) Proxy.newProxyInstance(
                UnsignedStartTest.class.getClassLoader(), new Class<?>[]{SwitchboardConfig.Vonage.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "signatureSecret" -> secret;
                    case "allowUnsigned" -> allowUnsigned;
                    case "signatureMaxAge" -> Duration.ofMinutes(5);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (SwitchboardConfig) Proxy.newProxyInstance(UnsignedStartTest.class.getClassLoader(),
                new Class<?>[]{SwitchboardConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("vonage")) {
                        return vonage;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void noSecretAndNoExplicitChoiceRefusesToStart() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new WebhookSignature(config(Optional.empty(), false), null).onStart(null));
        assertTrue(refused.getMessage().contains("switchboard.vonage.allow-unsigned"));
    }

    @Test
    void aSecretOrAnExplicitChoiceStarts() {
        assertDoesNotThrow(() -> new WebhookSignature(config(Optional.of("a-secret"), false), null).onStart(null));
    }
}
