package io.switchboard.conversation.messaging;

import io.switchboard.common.ApiException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Media URLs, as plain logic: https addresses of bounded length only. */
class OutboundRulesTest {

    @Test
    void onlyHttpsAddressesOfBoundedLengthAreAccepted() {
        assertDoesNotThrow(() -> OutboundRules.requireMediaUrl("https://cdn.example.com/a.jpg"));
        assertDoesNotThrow(() -> OutboundRules.requireMediaUrl(null));
        for (String bad : new String[]{"javascript:alert(1)", "http://cdn.example.com/a.jpg", "https:///nohost", "not a url",
                "data:image/png;base64,AAAA", "https://cdn.example.com/" + "a".repeat(3000)}) {
            ApiException refused = assertThrows(ApiException.class, () -> OutboundRules.requireMediaUrl(bad), bad);
            assertEquals(400, refused.status());
            assertEquals("mediaUrl", refused.details().get("field"));
        }
    }
}
